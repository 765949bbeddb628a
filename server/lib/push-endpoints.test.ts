import { describe, expect, it } from 'vitest';
import { parsePushHosts, pushEndpointAllowed } from './push-endpoints.js';

describe('push endpoint allowlist', () => {
  it("allows the browsers' push services over https on the default port", () => {
    for (const url of [
      'https://fcm.googleapis.com/fcm/send/cXyZ:APA91b',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
      'https://web.push.apple.com/QGuQyavXutnMH',
      'https://FCM.googleapis.com:443/fcm/send/x',
    ]) expect(pushEndpointAllowed(url), url).toBe(true);
  });

  it('refuses everything else: other hosts, look-alikes, http, other ports, credentials, junk', () => {
    for (const url of [
      'http://fcm.googleapis.com/fcm/send/x',
      'https://fcm.googleapis.com:8443/fcm/send/x',
      'https://fcm.googleapis.com.evil.example/x',
      'https://evilfcm.googleapis.com.example/x',
      'https://notfcm.googleapis.co/x',
      'https://user:pw@fcm.googleapis.com/x',
      'https://127.0.0.1/push',
      'https://192.168.1.10/admin',
      'http://localhost:8080/api/admin',
      'file:///etc/passwd',
      'not a url',
    ]) expect(pushEndpointAllowed(url), url).toBe(false);
  });

  it('adds the operator-listed hosts; http only where the entry says so', () => {
    const { rules, problems } = parsePushHosts(' push.school.lan , http://127.0.0.1,*.relay.example.org, http://[::1]');
    expect(problems).toEqual([]);
    expect(rules).toEqual([
      { host: 'push.school.lan', subdomains: false, http: false },
      { host: '127.0.0.1', subdomains: false, http: true },
      { host: 'relay.example.org', subdomains: true, http: false },
      { host: '[::1]', subdomains: false, http: true },
    ]);
    expect(pushEndpointAllowed('https://push.school.lan:9443/p/1', rules)).toBe(true);
    expect(pushEndpointAllowed('http://push.school.lan/p/1', rules)).toBe(false);
    expect(pushEndpointAllowed('http://127.0.0.1:40123/push/abc', rules)).toBe(true);
    expect(pushEndpointAllowed('http://[::1]:40123/push/abc', rules)).toBe(true);
    expect(pushEndpointAllowed('https://a.b.relay.example.org/p', rules)).toBe(true);
    expect(pushEndpointAllowed('https://sub.push.school.lan/p', rules)).toBe(false);
    expect(pushEndpointAllowed('http://127.0.0.2/push', rules)).toBe(false);
  });

  it('names the entries it cannot read', () => {
    expect(parsePushHosts('ftp://x.org, a b, https://ok.org, , -bad.org').problems).toEqual([
      '"ftp://x.org" is not a host name ([http://][*.]host)',
      '"a b" is not a host name ([http://][*.]host)',
      '"-bad.org" is not a host name ([http://][*.]host)',
    ]);
  });
});
