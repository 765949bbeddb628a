// Navigation from outside components (session expiry, websocket events). preact-iso's LocationProvider
// re-reads location on popstate, so a synthetic popstate moves the router.
export function navigate(url: string, replace = false): void {
  if (location.pathname + location.search === url) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** Where to go after signing in: ?next= when it is a safe in-app path. */
export function nextPath(query: Record<string, string>): string {
  const next = query.next;
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
