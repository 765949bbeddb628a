// Which push services the box may POST to. A push subscription's endpoint is a URL the browser hands us, so
// the server would POST wherever a signed-in person says: only the browsers' own push services are allowed
// (https, default port), plus hosts the operator lists in XB_PUSH_EXTRA_HOSTS (a school's own push relay, a
// test endpoint on 127.0.0.1). Pure: the config loader validates entries with it, the channel checks URLs.

/** Push services of the major browsers; a host matches the name itself or any name under it. */
export const KNOWN_PUSH_HOSTS: readonly string[] = [
  'fcm.googleapis.com', // Chrome, Chromium-based Android browsers (Samsung Internet, Opera, Brave …)
  'push.services.mozilla.com', // Firefox (updates.push.services.mozilla.com)
  'notify.windows.com', // Edge on Windows (WNS: <region>.notify.windows.com)
  'push.apple.com', // Safari on macOS and iOS home-screen apps (web.push.apple.com)
];

export interface PushHostRule {
  /** Lower-case host name or bracketed IPv6 address. */
  host: string;
  /** '*.example.org': names under it match too. */
  subdomains: boolean;
  /** 'http://host': plain http is allowed for this host (a test endpoint, a relay on the LAN). */
  http: boolean;
}

const ENTRY = /^(https?:\/\/)?(\*\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

/** Parse a comma list like 'push.school.lan, http://127.0.0.1, *.relay.example.org'. */
export function parsePushHosts(list: string): { rules: PushHostRule[]; problems: string[] } {
  const rules: PushHostRule[] = [];
  const problems: string[] = [];
  for (const raw of list.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const m = ENTRY.exec(entry);
    if (!m) {
      problems.push(`"${raw.trim()}" is not a host name ([http://][*.]host)`);
      continue;
    }
    rules.push({ host: m[3]!, subdomains: !!m[2], http: m[1] === 'http://' });
  }
  return { rules, problems };
}

const under = (host: string, name: string) => host === name || host.endsWith(`.${name}`);

/** May the box send a push message to this endpoint? */
export function pushEndpointAllowed(endpoint: string, extra: readonly PushHostRule[] = []): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  for (const rule of extra) {
    if (!(rule.subdomains ? under(host, rule.host) : host === rule.host)) continue;
    if (url.protocol === 'https:' || rule.http) return true;
  }
  // The browsers' services: https on the default port only.
  return url.protocol === 'https:' && url.port === '' && KNOWN_PUSH_HOSTS.some((name) => under(host, name));
}
