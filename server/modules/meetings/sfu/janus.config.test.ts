import { describe, expect, it } from 'vitest';
import { renderJanusConfig } from './janus.config.js';

const base = { dir: '/var/lib/xiaoban/run/janus', libDir: '/usr/lib/x86_64-linux-gnu/janus', wsPort: 8188, apiSecret: 'abcDEF123_-xyz', rtpPorts: { min: 20000, max: 20999 }, mediaInterfaces: [] as string[] };

describe('Janus configuration', () => {
  it('binds the API to loopback with our secret, admin API off, only our folders', () => {
    const files = renderJanusConfig(base);
    expect(files['janus.transport.websockets.jcfg']).toContain('ws_ip = "127.0.0.1"');
    expect(files['janus.transport.websockets.jcfg']).toContain('admin_ws = false');
    expect(files['janus.jcfg']).toContain('api_secret = "abcDEF123_-xyz"');
    expect(files['janus.jcfg']).toContain('rtp_port_range = "20000-20999"');
    expect(files['janus.jcfg']).toContain('plugins_folder = "/var/lib/xiaoban/run/janus/plugins"');
    expect(files['janus.jcfg']).not.toContain('ice_enforce_list');
  });
  it('puts media interfaces and the NAT address in', () => {
    const files = renderJanusConfig({ ...base, mediaInterfaces: ['eth0', '10.12.'], natMapping: '203.0.113.7' });
    expect(files['janus.jcfg']).toContain('ice_enforce_list = "eth0,10.12."');
    expect(files['janus.jcfg']).toContain('nat_1_1_mapping = "203.0.113.7"');
  });
  it('refuses values that could inject lines or are out of range', () => {
    expect(() => renderJanusConfig({ ...base, apiSecret: 'x"\nadmin_secret = "y' })).toThrow(/cannot take/);
    expect(() => renderJanusConfig({ ...base, mediaInterfaces: ['eth0"}'] })).toThrow(/cannot take/);
    expect(() => renderJanusConfig({ ...base, rtpPorts: { min: 80, max: 90 } })).toThrow(/port range/);
    expect(() => renderJanusConfig({ ...base, wsPort: 70000 })).toThrow(/out of range/);
  });
});
