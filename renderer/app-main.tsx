// The app proper, loaded by main.tsx once the early read is under way: React, the store, the views.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, ChecklistView, DashboardView, ExchangeView } from './App.tsx';
import { bootstrap, prefetchViewsWhenUserPauses } from './bootstrap.ts';
import { StartupError } from './components/StartupError.tsx';
import { installElectronBridge } from './electron-bridge.ts';
import { installE2EHook } from './e2e-hook.ts';

// Start-up marks (visible in the browser's performance timeline; the bench reads them).
performance.mark('taizhang:main');
const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
const root = createRoot(container);
installElectronBridge();
// The bench hook exists only in the bench build (vite --mode bench → dist-bench/), never in dist/.
if (__BENCH__ && new URLSearchParams(location.search).get('bench') === '1') void import('./bench-hook.ts');

bootstrap().then(
  () => {
    installE2EHook();
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    prefetchViewsWhenUserPauses([DashboardView, ChecklistView, ExchangeView]);
  },
  (error: unknown) => {
    console.error('台账 start-up failed', error);
    root.render(<StartupError error={error} />);
  },
);
