import { describe, expect, it } from 'vitest';
import { janusConfigFiles } from './janusConfig';

const base = {
  folders: { plugins: '/usr/lib/janus/plugins', transports: '/usr/lib/janus/transports', loggers: '/usr/lib/janus/loggers', events: '/usr/lib/janus/events' },
  configsFolder: '/tmp/meridian-janus-x',
  pluginFiles: ['libjanus_videoroom.so', 'libjanus_sip.so', 'libjanus_echotest.so', 'libjanus_videoroom.so.1'],
  transportFiles: ['libjanus_websockets.so', 'libjanus_http.so', 'libjanus_pfunix.so'],
  loggerFiles: ['libjanus_jsonlog.so'],
  wsPort: 41234,
  apiSecret: 'secret-of-this-run',
  rtpPorts: { min: 20000, max: 40000 },
  iceEnforce: [],
  debugLevel: 4,
};

describe('janusConfigFiles', () => {
  it('switches on only the VideoRoom plugin and a loopback WebSocket, with an API secret and no admin API', () => {
    const files = janusConfigFiles(base);
    const janus = files['janus.jcfg']!;
    expect(janus).toContain('api_secret = "secret-of-this-run"');
    expect(janus).toContain('disable = "libjanus_sip.so,libjanus_echotest.so"');
    expect(janus).toContain('disable = "libjanus_http.so,libjanus_pfunix.so"');
    expect(janus).toContain('disable = "libjanus_jsonlog.so"');
    expect(janus).toContain('rtp_port_range = "20000-40000"');
    expect(janus).toContain('broadcast = false');
    const websockets = files['janus.transport.websockets.jcfg']!;
    expect(websockets).toContain('ws_port = 41234');
    expect(websockets).toContain('ws_ip = "127.0.0.1"');
    expect(websockets).toContain('admin_ws = false');
    expect(websockets).not.toMatch(/wss = true|admin_ws = true/);
  });

  it('quotes paths, and refuses a value that would break out of its line', () => {
    expect(janusConfigFiles({ ...base, configsFolder: '/tmp/a "b" \\c' })['janus.jcfg']).toContain('configs_folder = "/tmp/a \\"b\\" \\\\c"');
    expect(() => janusConfigFiles({ ...base, configsFolder: '/tmp/x\n}\nplugins: {' })).toThrow(/cannot span lines/);
  });

  it('limits ICE to the interfaces given, else gathers on all but virtual ones', () => {
    expect(janusConfigFiles({ ...base, iceEnforce: ['eth0'] })['janus.jcfg']).toContain('ice_enforce_list = "eth0"');
    expect(janusConfigFiles(base)['janus.jcfg']).toContain('ice_ignore_list = "vmnet"');
  });
});
