import { Cluster } from './cluster';
import { findNodePorts, poolRanges, usedAddresses } from './cluster-rules';
import { DnsLabel } from './fields';
import { formatIpv4, parseCidr, rangeContainsAddress, rangesOverlap } from '../kube/ipv4';
import { CLUSTER_API_VERSION } from './schema';

export interface InitOptions {
  /** Name of the new cluster; the file is `<name>.yaml`. */
  readonly name: string;
  /** The clusters already in the folder; the new one's addresses clash with none of them. */
  readonly existing: readonly Cluster[];
  /** Host network of the new cluster. - the host network of the first existing cluster, or 192.168.10.0/24. */
  readonly network?: string;
  /** Path of the JSON Schema relative to the new file, for editors. @default ../schema/cluster.schema.json */
  readonly schemaPath?: string;
  /** A base the new cluster inherits from: its path relative to the new file and its spec. - no base. */
  readonly base?: { readonly path: string; readonly spec: Readonly<Record<string, unknown>> };
}

/** The first addresses of a host network that hanok leaves to gateways and the like. */
const RESERVED_HEAD = 10;
const DEFAULT_NETWORK = '192.168.10.0/24';
const FIRST_NODE_PORT = 30000;
const LAST_NODE_PORT = 32767;

/** Thrown for an init that cannot be written as asked: the message says what to change. */
export class InitError extends Error {}

/**
 * The text of a new, minimal and valid cluster file, with comments: one control plane, one worker, an NFS server and
 * the ingress NodePorts, at addresses and ports that no other cluster on the same network uses. Every other setting
 * keeps its documented default; the registry is off until the site's registry host and TLS are known.
 */
export function initClusterFile(options: InitOptions): string {
  const { name, existing } = options;
  if (!DnsLabel.safeParse(name).success) {
    throw new InitError(`cluster name ${JSON.stringify(name)} is not a DNS label (expected lower-case letters, digits and "-", such as site-a)`);
  }
  if (existing.some((cluster) => cluster.name === name)) {
    throw new InitError(`a cluster named ${name} already exists`);
  }
  const baseSpec = options.base?.spec ?? {};
  const baseNetwork = (baseSpec.network as { hostCidr?: unknown } | undefined)?.hostCidr;
  const networkText = options.network ?? (typeof baseNetwork === 'string' ? baseNetwork : undefined) ?? existing[0]?.spec.network.hostCidr ?? DEFAULT_NETWORK;
  const network = parseCidr(networkText);
  if (!network) {
    throw new InitError(`--network ${JSON.stringify(networkText)} is not an IPv4 CIDR block (expected a network address with a prefix length, such as 192.168.10.0/24)`);
  }
  const neighbours = existing.filter((cluster) => rangesOverlap(network, parseCidr(cluster.spec.network.hostCidr)!));
  const taken = new Set<number>();
  const pools = neighbours.flatMap((cluster) => poolRanges(cluster.spec).map((pool) => pool.range));
  for (const cluster of neighbours) {
    usedAddresses(cluster.spec).forEach((used) => taken.add(used.address));
  }
  const free: number[] = [];
  for (let address = network.first + RESERVED_HEAD; address < network.last && free.length < 3; address++) {
    if (!taken.has(address) && !pools.some((pool) => rangeContainsAddress(pool, address))) {
      free.push(address);
    }
  }
  if (free.length < 3) {
    throw new InitError(`the network ${networkText} has no three free addresses left for the new cluster's nodes and NFS server; pass another --network`);
  }
  const usedPorts = new Set(neighbours.flatMap((cluster) => findNodePorts(cluster.spec).map((entry) => entry.port)));
  const ports: number[] = [];
  for (let port = FIRST_NODE_PORT; port <= LAST_NODE_PORT && ports.length < 2; port++) {
    if (!usedPorts.has(port)) ports.push(port);
  }
  const [controlPlane, worker, nfs] = free.map(formatIpv4);
  const clash = neighbours.length > 0 ? [`# that no other cluster on ${networkText} uses (${neighbours.map((cluster) => cluster.name).join(', ')}):`] : [];
  const fromBase = options.base ? [`  bases: [${options.base.path}]`] : [];
  const networkLines = typeof baseNetwork === 'string' && baseNetwork === networkText ? [] : ['  network:', `    hostCidr: ${networkText}`];
  const registry = 'registry' in baseSpec
    ? []
    : [
      '  # The private registry stays off until its host name and certificate are known: see spec.registry in the',
      '  # configuration reference.',
      '  registry:',
      '    enabled: false',
      `    host: registry.${name}.internal`,
    ];
  const baseNfs = baseSpec.nfs as { server?: unknown; exportPath?: unknown } | undefined;
  return [
    `# yaml-language-server: $schema=${options.schemaPath ?? '../schema/cluster.schema.json'}`,
    `# Written by \`hanok init ${name}\`. The addresses and NodePorts are suggestions`,
    ...clash,
    '# replace them with the machines of the site, then run `hanok validate`. Every setting not written here has a',
    `# documented default: docs/configuration.md${options.base ? `, or comes from ${options.base.path}` : ''}.`,
    `apiVersion: ${CLUSTER_API_VERSION}`,
    'kind: Cluster',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...fromBase,
    ...networkLines,
    '  nodes:',
    `    - name: ${name}-control-plane`,
    `      ip: ${controlPlane}`,
    '      roles: [control-plane]',
    `    - name: ${name}-worker1`,
    `      ip: ${worker}`,
    '  nfs:',
    ...(baseNfs?.server !== undefined ? [] : [`    server: ${nfs}`]),
    `    exportPath: /srv/nfs/${name}`,
    '  ingress:',
    `    httpNodePort: ${ports[0]}`,
    `    httpsNodePort: ${ports[1]}`,
    ...registry,
    '',
  ].join('\n');
}
