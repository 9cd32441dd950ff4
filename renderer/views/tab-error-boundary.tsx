import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * A bug while drawing one tab shows one sentence in that tab, not a blank window; the details go
 * to the console.
 */
export class TabErrorBoundary extends Component<{ name: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`flamedeck: drawing ${this.props.name} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="open-error" role="alert" data-testid="open-error">
        <h2>Could not show this profile</h2>
        <p>Flamedeck failed while drawing {this.props.name} (an internal error; the details are in the developer console).</p>
      </div>
    );
  }
}
