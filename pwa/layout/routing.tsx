import { Component, type ComponentChildren, type ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { Router, lazy, useLocation } from 'preact-iso';
import { t } from '../i18n';
import { Button, EmptyState } from '../ui';

/** Props the preact-iso Router passes to (or reads from) a route component. */
export interface RouteProps {
  path?: string;
  default?: boolean;
}

export function RouteError() {
  return (
    <div class="page">
      <EmptyState
        icon="alert"
        title={t('errors.PAGE_LOAD')}
        description={t('errors.PAGE_LOAD_HINT')}
        action={
          <Button variant="primary" onClick={() => location.reload()}>
            {t('common.reload')}
          </Button>
        }
      />
    </div>
  );
}

/** A lazy route whose chunk may fail to load (offline, new deploy): shows a reload prompt instead of hanging. */
export function lazyPage<P>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P & RouteProps> {
  return lazy(() => load().catch(() => ({ default: RouteError as unknown as ComponentType<P> }))) as ComponentType<P & RouteProps>;
}

/** Catches render errors below it so one broken page does not blank the whole app. */
export class PageBoundary extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown): void {
    if (error && typeof (error as Promise<unknown>).then === 'function') throw error;
    console.error(error);
    this.setState({ failed: true });
  }
  render() {
    return this.state.failed ? <RouteError /> : this.props.children;
  }
}

/** Replace the current URL (used as a route element: <Redirect path="/x" to="/y" />). */
export function Redirect({ to }: { to: string } & RouteProps) {
  const { route } = useLocation();
  useEffect(() => route(to, true), [to]);
  return null;
}

/** preact-iso's Router, typed to accept a single route or conditional (null) routes. */
export function Routes({ children }: { children: ComponentChildren }) {
  return <Router>{children as never}</Router>;
}
