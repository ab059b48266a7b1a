import { HeaderBar } from './components/HeaderBar.tsx';
import { Loading } from './components/Loading.tsx';
import { TaskGrid } from './components/TaskGrid.tsx';
import { usePlanMeta } from './hooks/usePlanMeta.ts';
import { useTaskRows } from './hooks/useTaskRows.ts';

export function App() {
  const rows = useTaskRows();
  const plan = usePlanMeta();
  return (
    <div className="app">
      <HeaderBar planTitle={plan?.title} taskCount={rows?.length} />
      <main className="app-main">{rows ? <TaskGrid rows={rows} /> : <Loading />}</main>
    </div>
  );
}
