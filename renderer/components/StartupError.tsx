// Shown instead of the app when the local database cannot be opened or seeded.
export function StartupError({ error }: { error: unknown }) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (
    <div className="startup-error" role="alert">
      <h1>台账无法启动</h1>
      <p>本地数据库打开或初始化失败。请关闭其他台账窗口后重试；如问题持续，请联系管理员。</p>
      <pre>{message}</pre>
    </div>
  );
}
