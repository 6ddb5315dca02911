/**
 * The configuration Meridian gives the Janus it starts (docs/janus.md): written into a folder of
 * its own, never /etc/janus. Only what meetings need is switched on: the VideoRoom plugin, the
 * WebSocket transport on one loopback port, an API secret on every request (any web page may
 * open a WebSocket to 127.0.0.1, so the port alone guards nothing), no admin API, no event
 * handlers, no loggers, and an RTP port range.
 */

/** Janus's plugin, transport, logger and event-handler folders (Debian's by default). */
export interface JanusFolders {
  plugins: string;
  transports: string;
  loggers: string;
  events: string;
}

export interface JanusConfigOptions {
  folders: JanusFolders;
  /** The folder the configuration is written to (Janus reads every plugin's file from it). */
  configsFolder: string;
  /** Files present in the plugin and transport folders: all but the ones Meridian uses are disabled. */
  pluginFiles: string[];
  transportFiles: string[];
  loggerFiles: string[];
  /** The WebSocket transport's port, on 127.0.0.1. */
  wsPort: number;
  /** Every request must carry it (the backend is Janus's only client). */
  apiSecret: string;
  /** UDP ports for media, inclusive. */
  rtpPorts: { min: number; max: number };
  /** Addresses or interfaces ICE may gather on (empty: every interface but virtual ones). */
  iceEnforce: string[];
  /** 0–7; 4 says what it does without every packet. */
  debugLevel: number;
}

/** The plugin and transport Meridian uses; every other one found is disabled. */
export const janusPlugin = 'libjanus_videoroom.so';
export const janusTransport = 'libjanus_websockets.so';

/** A value inside a libconfig string: quotes and backslashes escaped (paths may hold anything). */
function quoted(value: string): string {
  if (/[\n\r]/.test(value)) throw new Error(`A Janus setting cannot span lines: ${JSON.stringify(value)}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const sharedObjects = (files: string[]) => files.filter((file) => file.endsWith('.so'));

/** The files to write into `configsFolder`, by name. */
export function janusConfigFiles(options: JanusConfigOptions): Record<string, string> {
  const disabledPlugins = sharedObjects(options.pluginFiles).filter((file) => file !== janusPlugin);
  const disabledTransports = sharedObjects(options.transportFiles).filter((file) => file !== janusTransport);
  const disabledLoggers = sharedObjects(options.loggerFiles);
  const lines = (entries: Array<string | false>) => entries.filter((entry): entry is string => entry !== false).map((entry) => `\t${entry}`).join('\n');
  const janus = `# Written by Meridian for one run; see docs/janus.md.
general: {
${lines([
  `configs_folder = ${quoted(options.configsFolder)}`,
  `plugins_folder = ${quoted(options.folders.plugins)}`,
  `transports_folder = ${quoted(options.folders.transports)}`,
  `events_folder = ${quoted(options.folders.events)}`,
  `loggers_folder = ${quoted(options.folders.loggers)}`,
  `debug_level = ${options.debugLevel}`,
  'debug_colors = false',
  `api_secret = ${quoted(options.apiSecret)}`,
  'server_name = "Meridian"',
  'session_timeout = 60',
  'hide_dependencies = true',
  'protected_folders = ["/bin", "/boot", "/dev", "/etc", "/initrd", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var"]',
])}
}
media: {
${lines([`rtp_port_range = "${options.rtpPorts.min}-${options.rtpPorts.max}"`, 'nack_optimizations = true'])}
}
nat: {
${lines([options.iceEnforce.length > 0 ? `ice_enforce_list = ${quoted(options.iceEnforce.join(','))}` : 'ice_ignore_list = "vmnet"', 'ignore_mdns = true', 'full_trickle = false', 'ice_tcp = false'])}
}
plugins: {
${lines([disabledPlugins.length > 0 && `disable = ${quoted(disabledPlugins.join(','))}`])}
}
transports: {
${lines([disabledTransports.length > 0 && `disable = ${quoted(disabledTransports.join(','))}`])}
}
loggers: {
${lines([disabledLoggers.length > 0 && `disable = ${quoted(disabledLoggers.join(','))}`])}
}
events: {
${lines(['broadcast = false'])}
}
`;
  const websockets = `# Written by Meridian for one run: the backend's connection to Janus, on loopback only.
general: {
${lines(['json = "plain"', 'ws = true', `ws_port = ${options.wsPort}`, 'ws_ip = "127.0.0.1"', 'ws_acl = "127.0.0.1"', 'wss = false', 'ws_logging = "err"'])}
}
admin: {
${lines(['admin_ws = false', 'admin_wss = false'])}
}
`;
  // Rooms are made and destroyed by the backend through the API, one per meeting: none is configured.
  const videoroom = `# Written by Meridian for one run: no rooms here, the backend creates one per meeting.
general: {
${lines(['string_ids = false'])}
}
`;
  return {
    'janus.jcfg': janus,
    'janus.transport.websockets.jcfg': websockets,
    'janus.plugin.videoroom.jcfg': videoroom,
  };
}
