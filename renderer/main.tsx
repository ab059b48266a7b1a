import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { bootstrap } from './bootstrap.ts';
import { StartupError } from './components/StartupError.tsx';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
const root = createRoot(container);

bootstrap().then(
  () =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  (error: unknown) => {
    console.error('台账 start-up failed', error);
    root.render(<StartupError error={error} />);
  },
);
