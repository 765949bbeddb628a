// "iPhone · 微信" / "Windows · Chrome": enough to recognise a device in the session list.
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown';
  const ua = userAgent;
  const os = /iPad/.test(ua) ? 'iPad' : /iPhone/.test(ua) ? 'iPhone' : /HarmonyOS/.test(ua) ? 'HarmonyOS' : /Android/.test(ua) ? 'Android'
    : /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : null;
  const browser = /MicroMessenger/.test(ua) ? 'WeChat' : /wxwork/i.test(ua) ? 'WeCom' : /DingTalk/.test(ua) ? 'DingTalk' : /Edg\//.test(ua) ? 'Edge'
    : /Firefox\//.test(ua) ? 'Firefox' : /HeadlessChrome|Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : /node|undici|curl|lightMyRequest/i.test(ua) ? 'API client' : null;
  return [os, browser].filter(Boolean).join(' · ') || ua.slice(0, 40);
}
