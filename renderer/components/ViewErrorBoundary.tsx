// A view that fails to load or to render (its code could not be fetched after an update, or a bug)
// shows a message in its place instead of blanking the whole window; the other views stay usable.
// The error goes to the log in English; 重试 mounts the view again.
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ViewErrorBoundary extends Component<{ children: ReactNode; view: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`view ${this.props.view} failed`, error);
  }

  override componentDidUpdate(previous: { view: string }): void {
    // Another view chosen: start afresh.
    if (previous.view !== this.props.view && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="feature-page" data-testid="view-error">
        <p>这一页未能打开（台账数据未受影响）。可重试，或重新启动软件。</p>
        <p className="muted">{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          重试
        </button>
      </div>
    );
  }
}
