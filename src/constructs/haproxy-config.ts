import { Construct } from 'constructs';
import { NodeFile } from './node-file';
import { requireIntegerInRange } from '../kube/validate';

/** A machine HAProxy forwards to. */
export interface HaproxyServer {
  /** Server name in the config and in HAProxy's logs and stats, e.g. the node name. */
  readonly name: string;
  /** IPv4 address or host name of the machine. */
  readonly address: string;
}

export interface HaproxyConfigProps {
  /** The machines that serve the ingress NodePorts, in the order they are listed. */
  readonly servers: readonly HaproxyServer[];
  /** NodePort of the ingress controller's HTTP port; port 80 forwards to it. */
  readonly httpNodePort: number;
  /** NodePort of the ingress controller's HTTPS port; port 443 forwards to it, TLS untouched. */
  readonly httpsNodePort: number;
  /**
   * Where the file lands below `dist/<cluster>/nodes/`.
   * @default 'haproxy/haproxy.cfg'
   */
  readonly path?: string;
  /**
   * A comment line at the top of the file, e.g. which cluster it fronts.
   * @default - none
   */
  readonly description?: string;
  /**
   * The control planes whose API servers (port `apiPort`) HAProxy balances on its own port `apiPort`, TLS passed
   * through, each health-checked: the load-balanced API endpoint of a cluster with several control planes.
   * @default [] - no API front end
   */
  readonly apiServers?: readonly HaproxyServer[];
  /**
   * Port of the API front end and of the API servers behind it.
   * @default 6443
   */
  readonly apiPort?: number;
  /**
   * Most connections HAProxy accepts at once.
   * @default 4096
   */
  readonly maxConnections?: number;
}

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ADDRESS = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * The HAProxy (2.x) front end of seed 002 §13, for the load-balancer host: port 80 forwards HTTP to the ingress
 * HTTP NodePort and port 443 passes TLS through (`mode tcp`) to the HTTPS NodePort, so certificates stay on the
 * ingress. Every server is health-checked and taken out of rotation while its NodePort does not answer. Seed 002's
 * own file crossed the two ports; here each port goes to its own protocol. The text depends only on the props.
 */
export class HaproxyConfig extends Construct {
  public readonly content: string;
  public readonly file: NodeFile;

  constructor(scope: Construct, id: string, props: HaproxyConfigProps) {
    super(scope, id);
    validate(props);
    this.content = render(props);
    this.file = new NodeFile(this, 'File', { path: props.path ?? 'haproxy/haproxy.cfg', content: this.content });
  }
}

class HaproxyConfigError extends Error {
  constructor(message: string) {
    super(`HAProxy config: ${message}`);
  }
}

function validate(props: HaproxyConfigProps): void {
  if (props.servers.length === 0) {
    throw new Error("HAProxy config: 'servers' must list at least one server");
  }
  const seen = new Set<string>();
  for (const server of props.servers) {
    if (!SERVER_NAME.test(server.name)) {
      throw new Error(`HAProxy config: server name ${JSON.stringify(server.name)} must be letters, digits, ".", "_" or "-"`);
    }
    if (seen.has(server.name)) {
      throw new Error(`HAProxy config: server name ${JSON.stringify(server.name)} is listed twice`);
    }
    seen.add(server.name);
    if (!ADDRESS.test(server.address)) {
      throw new Error(`HAProxy config: server '${server.name}' has address ${JSON.stringify(server.address)}, expected an IPv4 address or host name`);
    }
  }
  for (const [prop, port] of [['httpNodePort', props.httpNodePort], ['httpsNodePort', props.httpsNodePort]] as const) {
    requireIntegerInRange('HAProxy config', prop, port, { min: 1, max: 65535, what: 'a port' });
  }
  if (props.httpNodePort === props.httpsNodePort) {
    throw new Error(`HAProxy config: 'httpNodePort' and 'httpsNodePort' must differ (both are ${props.httpNodePort})`);
  }
  const apiNames = new Set<string>();
  for (const server of props.apiServers ?? []) {
    if (!SERVER_NAME.test(server.name) || !ADDRESS.test(server.address)) {
      throw new HaproxyConfigError(`API server ${JSON.stringify(server.name)} with address ${JSON.stringify(server.address)} must have a name of letters, digits, ".", "_" or "-" and an IPv4 address or host name`);
    }
    if (apiNames.has(server.name)) {
      throw new HaproxyConfigError(`API server name ${JSON.stringify(server.name)} is listed twice`);
    }
    apiNames.add(server.name);
  }
  const apiPort = props.apiPort ?? 6443;
  if (!Number.isInteger(apiPort) || apiPort < 1 || apiPort > 65535 || apiPort === 80 || apiPort === 443) {
    throw new HaproxyConfigError(`'apiPort' must be a port from 1 to 65535 other than 80 and 443 (got ${apiPort})`);
  }
  const maxConnections = props.maxConnections ?? 4096;
  requireIntegerInRange('HAProxy config', 'maxConnections', maxConnections, { min: 1 });
  if (props.description !== undefined && /[\r\n]/.test(props.description)) {
    throw new Error("HAProxy config: 'description' must be a single line");
  }
}

function render(props: HaproxyConfigProps): string {
  const servers = (port: number) => props.servers.map((server) => `    server ${server.name} ${server.address}:${port} check`);
  const lines = [
    ...(props.description ? [`# ${props.description}`] : []),
    '# Generated by hanok; edit the cluster file, not this one.',
    `# Port 80 -> ingress HTTP NodePort ${props.httpNodePort}; port 443 -> ingress HTTPS NodePort ${props.httpsNodePort} (TLS passed through).`,
    ...((props.apiServers ?? []).length > 0 ? [`# Port ${props.apiPort ?? 6443} -> the Kubernetes API servers of the control planes (TLS passed through).`] : []),
    'global',
    '    log /dev/log local0',
    `    maxconn ${props.maxConnections ?? 4096}`,
    '    user haproxy',
    '    group haproxy',
    '',
    'defaults',
    '    log global',
    '    mode tcp',
    '    option dontlognull',
    '    timeout connect 5s',
    '    timeout client 50s',
    '    timeout server 50s',
    '',
    'frontend ingress-http',
    '    bind *:80',
    '    mode http',
    '    option httplog',
    '    timeout http-request 10s',
    '    default_backend ingress-http-nodeport',
    '',
    'frontend ingress-https',
    '    bind *:443',
    '    mode tcp',
    '    option tcplog',
    '    default_backend ingress-https-nodeport',
    '',
    'backend ingress-http-nodeport',
    '    mode http',
    '    balance roundrobin',
    ...servers(props.httpNodePort),
    '',
    'backend ingress-https-nodeport',
    '    mode tcp',
    '    balance roundrobin',
    ...servers(props.httpsNodePort),
    ...apiFrontEnd(props),
  ];
  return `${lines.join('\n')}\n`;
}

/** Port 6443 to the API servers of every control plane, TLS passed through; a server that stops answering leaves. */
function apiFrontEnd(props: HaproxyConfigProps): string[] {
  const apiServers = props.apiServers ?? [];
  if (apiServers.length === 0) {
    return [];
  }
  const port = props.apiPort ?? 6443;
  return [
    '',
    'frontend kubernetes-api',
    `    bind *:${port}`,
    '    mode tcp',
    '    option tcplog',
    '    default_backend kubernetes-api-servers',
    '',
    'backend kubernetes-api-servers',
    '    mode tcp',
    '    balance roundrobin',
    '    option tcp-check',
    ...apiServers.map((server) => `    server ${server.name} ${server.address}:${port} check`),
  ];
}
