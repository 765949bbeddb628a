import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ httpsPort: 8443, httpPort: 8080, host: '0.0.0.0', demo: false, tls: { enabled: true }, logLevel: 'info' });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ XB_HTTPS_PORT: 'eighty', XB_HTTP_PORT: '70000', XB_LOG_LEVEL: 'loud', XB_DEMOO: '1' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/XB_HTTPS_PORT/);
      expect(problems).toMatch(/XB_HTTP_PORT/);
      expect(problems).toMatch(/XB_LOG_LEVEL/);
      expect(problems).toMatch(/XB_DEMOO: unknown setting/);
    }
  });

  it('reads secrets from *_FILE and keeps TLS file paths as paths', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-cfg-'));
    writeFileSync(path.join(dir, 'url'), 'https://office.school.cn\n');
    const c = loadConfig({ XB_PUBLIC_URL_FILE: path.join(dir, 'url'), XB_TLS_CERT_FILE: '/etc/c.pem', XB_TLS_KEY_FILE: '/etc/k.pem' });
    expect(c.publicUrl).toBe('https://office.school.cn');
    expect(c.tls).toMatchObject({ certFile: '/etc/c.pem', keyFile: '/etc/k.pem' });
    expect(() => loadConfig({ XB_TLS_CERT_FILE: '/etc/c.pem' })).toThrow(/set together/);
  });

  it('reads the extra push hosts and reports entries it cannot read', () => {
    expect(loadConfig({}).push.extraHosts).toEqual([]);
    expect(loadConfig({ XB_PUSH_EXTRA_HOSTS: 'Push.School.lan, http://127.0.0.1 ,*.relay.example.org' }).push.extraHosts).toEqual([
      'push.school.lan',
      'http://127.0.0.1',
      '*.relay.example.org',
    ]);
    expect(() => loadConfig({ XB_PUSH_EXTRA_HOSTS: 'ok.lan, ftp://bad.lan' })).toThrow(/XB_PUSH_EXTRA_HOSTS: "ftp:\/\/bad.lan" is not a host name/);
  });
});
