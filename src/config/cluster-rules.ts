import { isMetalLbEnabled } from './derived-defaults';
import { formatIpv4, Ipv4Range, parseCidr, parseIpv4, parseIpv4Range, rangeContains, rangeContainsAddress, rangesOverlap } from '../kube/ipv4';
import type { DeepReadonly, RuleViolation } from './types';
import { FieldPath, formatPath } from './problems';
import { ClusterConfig } from './schema';
import { checkApiEndpoint } from './api-endpoint';

/**
 * Rules a schema cannot express: relations between fields of one cluster. The schema has already checked every
 * field on its own, so these may assume well-formed addresses. `written` tells a field of the file from a default,
 * so that a clash with a default is blamed on the field the user wrote.
 */
export function checkClusterRules(config: ClusterConfig, written: (path: FieldPath) => boolean = () => true): RuleViolation[] {
  return [
    ...checkAddressPlan(config, written),
    ...checkNodes(config),
    ...checkNodePorts(config),
    ...checkAddressPools(config),
    ...checkOpenFx(config),
    ...checkOpenMcp(config),
    ...checkRegistryTls(config),
    ...checkApiEndpoint(config),
    ...checkImageSources(config),
  ];
}

function checkAddressPlan(config: ClusterConfig, written: (path: FieldPath) => boolean): RuleViolation[] {
  const network = config.spec.network;
  const blocks = [
    { field: 'hostCidr', value: network.hostCidr },
    { field: 'podCidr', value: network.podCidr },
    { field: 'serviceCidr', value: network.serviceCidr },
  ];
  const violations: RuleViolation[] = [];
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = parseCidr(blocks[i].value)!;
      const b = parseCidr(blocks[j].value)!;
      if (rangesOverlap(a, b)) {
        const [mine, theirs] = [blocks[i], blocks[j]];
        if (!written(['spec', 'network', theirs.field]) && written(['spec', 'network', mine.field])) {
          violations.push({
            path: ['spec', 'network', mine.field],
            message: `overlaps ${theirs.field} ${theirs.value}, which is the default of spec.network.${theirs.field}; packets would be routed to the wrong network`,
            got: mine.value,
            expected: `a block disjoint from ${theirs.value}, or set spec.network.${theirs.field} to a block clear of ${mine.value}`,
          });
          continue;
        }
        violations.push({
          path: ['spec', 'network', blocks[j].field],
          message: `overlaps ${blocks[i].field} ${blocks[i].value}; packets would be routed to the wrong network`,
          got: blocks[j].value,
          expected: `a block disjoint from ${blocks[i].field}`,
        });
      }
    }
  }
  return violations;
}

function checkNodes(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const hostNetwork = parseCidr(config.spec.network.hostCidr)!;
  const firstIndexByName = new Map<string, number>();
  const firstIndexByIp = new Map<string, number>();
  config.spec.nodes.forEach((node, index) => {
    const seenName = firstIndexByName.get(node.name);
    if (seenName !== undefined) {
      violations.push({
        path: ['spec', 'nodes', index, 'name'],
        message: `duplicate node name, already used by spec.nodes[${seenName}]`,
        got: node.name,
        expected: 'a name unique in the cluster',
      });
    } else {
      firstIndexByName.set(node.name, index);
    }
    const seenIp = firstIndexByIp.get(node.ip);
    if (seenIp !== undefined) {
      violations.push({
        path: ['spec', 'nodes', index, 'ip'],
        message: `duplicate node IP, already used by spec.nodes[${seenIp}]`,
        got: node.ip,
        expected: 'an address unique in the cluster',
      });
    } else {
      firstIndexByIp.set(node.ip, index);
    }
    if (!rangeContainsAddress(hostNetwork, parseIpv4(node.ip)!)) {
      violations.push({
        path: ['spec', 'nodes', index, 'ip'],
        message: 'node IP is outside the host network',
        got: node.ip,
        expected: `an address in spec.network.hostCidr ${config.spec.network.hostCidr}`,
      });
    }
  });
  if (!config.spec.nodes.some((node) => node.roles.includes('control-plane'))) {
    violations.push({
      path: ['spec', 'nodes'],
      message: 'no control-plane node',
      expected: 'at least one node with role control-plane',
    });
  }
  return violations;
}

/**
 * NodePorts are found by name: every numeric field called `nodePort` or ending in `NodePort`, anywhere in the
 * spec. Layers that add NodePort settings follow that naming and are checked here without further wiring. A section
 * switched off (`enabled: false`) publishes nothing, so its NodePorts, often defaults, claim no port.
 */
export function findNodePorts(value: unknown, path: FieldPath = []): Array<{ path: FieldPath; port: number }> {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findNodePorts(item, [...path, index]));
  }
  if (value && typeof value === 'object') {
    if ((value as { enabled?: unknown }).enabled === false) {
      return [];
    }
    return Object.entries(value).flatMap(([key, item]) =>
      typeof item === 'number' && (key === 'nodePort' || key.endsWith('NodePort'))
        ? [{ path: [...path, key], port: item }]
        : findNodePorts(item, [...path, key]),
    );
  }
  return [];
}

function checkNodePorts(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const firstUse = new Map<number, FieldPath>();
  for (const { path, port } of findNodePorts(config.spec, ['spec'])) {
    const previous = firstUse.get(port);
    if (previous) {
      violations.push({
        path,
        message: `NodePort already used by ${previous.join('.')}`,
        got: port,
        expected: 'a NodePort unique in the cluster',
      });
    } else {
      firstUse.set(port, path);
    }
  }
  return violations;
}

/** An address of the host network that something already uses, so no MetalLB pool may hand it out. */
export interface UsedAddress {
  readonly address: number;
  /** What uses it, for messages, e.g. `node openmcp-master (spec.nodes[0].ip)`. */
  readonly owner: string;
}

/** Node IPs, the NFS server and the API endpoint, when they are IPv4 addresses. */
export function usedAddresses(spec: DeepReadonly<Pick<ClusterConfig['spec'], 'nodes' | 'nfs' | 'controlPlaneEndpoint' | 'ingress'>>): UsedAddress[] {
  const used: UsedAddress[] = spec.nodes.map((node, index) => ({ address: parseIpv4(node.ip)!, owner: `node ${node.name} (spec.nodes[${index}].ip)` }));
  const nfs = parseIpv4(spec.nfs.server);
  if (nfs !== undefined) {
    used.push({ address: nfs, owner: 'the NFS server (spec.nfs.server)' });
  }
  const haproxy = spec.ingress.loadBalancer.address !== undefined ? parseIpv4(spec.ingress.loadBalancer.address) : undefined;
  if (haproxy !== undefined && !used.some((entry) => entry.address === haproxy)) {
    used.push({ address: haproxy, owner: 'the HAProxy host (spec.ingress.loadBalancer.address)' });
  }
  const endpoint = spec.controlPlaneEndpoint ? parseIpv4(spec.controlPlaneEndpoint.replace(/:\d+$/, '')) : undefined;
  if (endpoint !== undefined && !used.some((entry) => entry.address === endpoint)) {
    used.push({ address: endpoint, owner: 'the API endpoint (spec.controlPlaneEndpoint)' });
  }
  return used;
}

/** Every MetalLB pool range of a cluster with its field path; the schema has already checked their syntax. */
export function poolRanges(spec: DeepReadonly<Pick<ClusterConfig['spec'], 'networking'>>): Array<{ path: FieldPath; text: string; range: Ipv4Range }> {
  return spec.networking.metallb.pools.flatMap((pool, poolIndex) =>
    pool.addresses.map((text, addressIndex) => ({
      path: ['spec', 'networking', 'metallb', 'pools', poolIndex, 'addresses', addressIndex],
      text,
      range: parseIpv4Range(text)!,
    })),
  );
}

/**
 * MetalLB pools: inside the host network (layer 2 mode answers ARP there), clear of its network and broadcast
 * addresses and of addresses already in use, and disjoint from each other. Across clusters: fleet-rules.ts.
 */
function checkAddressPools(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const hostCidr = config.spec.network.hostCidr;
  const host = parseCidr(hostCidr)!;
  const used = usedAddresses(config.spec);
  const firstIndexByName = new Map<string, number>();
  config.spec.networking.metallb.pools.forEach((pool, index) => {
    const seen = firstIndexByName.get(pool.name);
    if (seen !== undefined) {
      violations.push({
        path: ['spec', 'networking', 'metallb', 'pools', index, 'name'],
        message: `duplicate pool name, already used by spec.networking.metallb.pools[${seen}]`,
        got: pool.name,
        expected: 'a pool name unique in the cluster',
      });
    } else {
      firstIndexByName.set(pool.name, index);
    }
  });
  const earlier: Array<{ path: FieldPath; text: string; range: Ipv4Range }> = [];
  for (const entry of poolRanges(config.spec)) {
    const { path, text, range } = entry;
    if (!rangeContains(host, range)) {
      violations.push({
        path,
        message: 'address range is outside the host network, where MetalLB announces addresses',
        got: text,
        expected: `a range inside spec.network.hostCidr ${hostCidr}`,
      });
    } else if (host.prefixLength < 31 && (rangeContainsAddress(range, host.first) || rangeContainsAddress(range, host.last))) {
      violations.push({
        path,
        message: 'address range includes the network or broadcast address of the host network',
        got: text,
        expected: `a range between ${formatIpv4(host.first + 1)} and ${formatIpv4(host.last - 1)}`,
      });
    }
    for (const owner of used.filter((candidate) => rangeContainsAddress(range, candidate.address))) {
      violations.push({
        path,
        message: `address range includes ${formatIpv4(owner.address)}, used by ${owner.owner}`,
        got: text,
        expected: 'a range clear of node IPs, the NFS server and the API endpoint',
      });
    }
    for (const other of earlier.filter((candidate) => rangesOverlap(candidate.range, range))) {
      violations.push({
        path,
        message: `address range overlaps ${other.text} of ${formatPath(other.path)}`,
        got: text,
        expected: 'a range disjoint from every other pool range',
      });
    }
    earlier.push(entry);
  }
  return violations;
}

/**
 * OpenFx: functions use offered runtimes and have unique names (each names a Deployment and a Service), and the
 * layer's namespaces are its own: the gateway's permissions must not reach its own namespace, and its Prometheus and
 * Grafana share their names with the metrics layer's.
 */
function checkOpenFx(config: ClusterConfig): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const spec = config.spec;
  const openfx = spec.openfx;
  const base = ['spec', 'openfx'];
  const firstIndexByName = new Map<string, number>();
  openfx.functions.forEach((fn, index) => {
    if (!openfx.runtimes.includes(fn.runtime)) {
      violations.push({
        path: [...base, 'functions', index, 'runtime'],
        message: 'runtime is not offered by spec.openfx.runtimes',
        got: fn.runtime,
        expected: `one of ${openfx.runtimes.join(', ')}`,
      });
    }
    const seen = firstIndexByName.get(fn.name);
    if (seen !== undefined) {
      violations.push({
        path: [...base, 'functions', index, 'name'],
        message: `duplicate function name, already used by spec.openfx.functions[${seen}]`,
        got: fn.name,
        expected: 'a function name unique in the cluster',
      });
    } else {
      firstIndexByName.set(fn.name, index);
    }
  });
  if (openfx.functionNamespace === openfx.namespace) {
    violations.push({
      path: [...base, 'functionNamespace'],
      message: 'function namespace is the gateway\'s namespace; functions would share it with the gateway\'s account and monitoring',
      got: openfx.functionNamespace,
      expected: `a namespace other than spec.openfx.namespace ${openfx.namespace}`,
    });
  }
  if (openfx.enabled) {
    const others = [
      { used: spec.metrics.prometheus.enabled || spec.metrics.grafana.enabled, field: 'spec.metrics.namespace', name: spec.metrics.namespace },
      { used: spec.storage.enabled, field: 'spec.storage.namespace', name: spec.storage.namespace },
      { used: spec.registry.enabled, field: 'spec.registry.namespace', name: spec.registry.namespace },
    ];
    for (const field of ['namespace', 'functionNamespace'] as const) {
      const clash = others.find((other) => other.used && other.name === openfx[field]);
      if (clash) {
        violations.push({
          path: [...base, field],
          message: `namespace is already used by ${clash.field}`,
          got: openfx[field],
          expected: 'a namespace of the OpenFx layer\'s own',
        });
      }
    }
  }
  return violations;
}

/** OpenMCP controllers whose Services are of type LoadBalancer, so need a MetalLB pool. */
const OPENMCP_LOAD_BALANCED = ['openmcp-apiserver', 'openmcp-loadbalancing-controller'];

/** Indexes of the items of a list that repeat an earlier item. */
function repeatedIndexes<T>(items: readonly T[]): number[] {
  return items.map((item, index) => (items.indexOf(item) !== index ? index : -1)).filter((index) => index >= 0);
}

/**
 * OpenMCP within one cluster: a master's lists hold no repeats, its LoadBalancer Services have a MetalLB pool and
 * the load-balancing controller's address lies in one; a member has its own pool, metrics-server (the autoscalers
 * read it) and node labels that agree with its region and zone. Masters and members across files: fleet-rules.ts.
 */
function checkOpenMcp(config: ClusterConfig): RuleViolation[] {
  const openmcp = config.spec.openmcp;
  if (!openmcp) {
    return [];
  }
  const violations: RuleViolation[] = [];
  const base = ['spec', 'openmcp'];
  const pools = config.spec.networking.metallb.pools;
  const metalLbOn = isMetalLbEnabled(config.spec.networking.metallb);
  if (openmcp.role === 'master') {
    for (const index of repeatedIndexes(openmcp.controllers)) {
      violations.push({ path: [...base, 'controllers', index], message: 'controller listed twice', got: openmcp.controllers[index], expected: 'each controller once' });
    }
    openmcp.members.forEach((member, index) => {
      if (member === config.metadata.name) {
        violations.push({ path: [...base, 'members', index], message: 'a master cannot be its own member', got: member, expected: 'the name of another cluster' });
      }
    });
    for (const index of repeatedIndexes(openmcp.members)) {
      violations.push({ path: [...base, 'members', index], message: 'member listed twice', got: openmcp.members[index], expected: 'each member once' });
    }
    openmcp.policies.hasTargetClusters.forEach((cluster, index) => {
      if (!openmcp.members.includes(cluster)) {
        violations.push({
          path: [...base, 'policies', 'hasTargetClusters', index],
          message: 'not a member of this master',
          got: cluster,
          expected: `one of spec.openmcp.members (${openmcp.members.join(', ') || 'none'})`,
        });
      }
    });
    const loadBalanced = openmcp.controllers.filter((controller) => OPENMCP_LOAD_BALANCED.includes(controller));
    if (loadBalanced.length > 0 && (!metalLbOn || pools.length === 0)) {
      violations.push({
        path: ['spec', 'networking', 'metallb', 'pools'],
        message: `OpenMCP's ${loadBalanced.join(' and ')} need${loadBalanced.length === 1 ? 's' : ''} a LoadBalancer address, but MetalLB has no pool`,
        expected: 'MetalLB enabled with a pool of addresses on the host network (seed 001: 10.0.3.241-10.0.3.250)',
      });
    }
    // The load-balancing controller caches and writes Istio VirtualServices and DestinationRules on the master; without
    // Istio's CRDs its watches fail and it balances nothing. hanok does not install Istio.
    const lbIndex = openmcp.controllers.indexOf('openmcp-loadbalancing-controller');
    if (lbIndex >= 0 && !openmcp.istioInstalled) {
      violations.push({
        path: [...base, 'controllers', lbIndex],
        message: 'openmcp-loadbalancing-controller needs Istio on the master: it creates and updates networking.istio.io VirtualServices and DestinationRules and forwards to istio-system/istio-ingressgateway',
        got: 'openmcp-loadbalancing-controller',
        expected: 'spec.openmcp.istioInstalled: true once Istio runs on the master, or the controller left out of spec.openmcp.controllers',
      });
    }
    const lbIp = openmcp.lbControllerExternalIp;
    if (lbIp === undefined && openmcp.controllers.includes('openmcp-ingress-controller')) {
      violations.push({
        path: [...base, 'lbControllerExternalIp'],
        message: 'required with openmcp-ingress-controller, which points Ingress DNS records at the load-balancing controller (LB_EXTERNAL_IP)',
        expected: 'an address of a MetalLB pool of this cluster',
      });
    }
    if (lbIp !== undefined) {
      const address = parseIpv4(lbIp)!;
      if (!pools.some((pool) => pool.addresses.some((range) => rangeContainsAddress(parseIpv4Range(range)!, address)))) {
        violations.push({
          path: [...base, 'lbControllerExternalIp'],
          message: 'address is in no MetalLB pool of the cluster, so MetalLB cannot assign it',
          got: lbIp,
          expected: `an address in ${pools.flatMap((pool) => pool.addresses).join(', ') || 'a pool of spec.networking.metallb.pools'}`,
        });
      }
    }
  } else {
    if (openmcp.master === config.metadata.name) {
      violations.push({ path: [...base, 'master'], message: 'a member cannot be its own master', got: openmcp.master, expected: 'the name of the master cluster' });
    }
    if (!metalLbOn || pools.length === 0) {
      violations.push({
        path: ['spec', 'networking', 'metallb', 'pools'],
        message: 'an OpenMCP member needs a MetalLB pool of its own: OpenMCPServices are LoadBalancer Services (seed 001, join step 5)',
        expected: 'MetalLB enabled with a pool disjoint from the other clusters\' pools',
      });
    }
    // OpenMCP's DNS controller points an OpenMCPIngress's records at the address each member's ingress controller
    // publishes into the Ingress status (ingressDNSRecord.go); a NodePort controller publishes none.
    if (config.spec.ingress.enabled && config.spec.ingress.serviceType !== 'LoadBalancer') {
      violations.push({
        path: ['spec', 'ingress', 'serviceType'],
        message: 'an OpenMCP member\'s ingress controller needs a LoadBalancer address: OpenMCP\'s DNS records point at the address it publishes into each Ingress\'s status',
        got: config.spec.ingress.serviceType,
        expected: 'LoadBalancer (an address from the member\'s MetalLB pool)',
      });
    }
    if (!config.spec.metrics.metricsServer.enabled) {
      violations.push({
        path: ['spec', 'metrics', 'metricsServer', 'enabled'],
        message: 'an OpenMCP member needs metrics-server: the HorizontalPodAutoscalers and the VPA recommender read the metrics API',
        got: false,
        expected: 'true',
      });
    }
    const placement: Record<string, string> = { 'topology.kubernetes.io/region': openmcp.region, 'topology.kubernetes.io/zone': openmcp.zone };
    config.spec.nodes.forEach((node, index) => {
      for (const [key, value] of Object.entries(placement)) {
        if (node.labels[key] !== undefined && node.labels[key] !== value) {
          violations.push({
            path: ['spec', 'nodes', index, 'labels', key],
            message: 'contradicts the OpenMCP placement of the cluster, which labels every node',
            got: node.labels[key],
            expected: `${JSON.stringify(value)} (spec.openmcp.${key.endsWith('region') ? 'region' : 'zone'}) or no such label`,
          });
        }
      }
    });
  }
  return violations;
}

function checkRegistryTls(config: ClusterConfig): RuleViolation[] {
  const registry = config.spec.registry;
  if (!registry.enabled || registry.insecure || registry.tls) {
    return [];
  }
  return [
    {
      path: ['spec', 'registry', 'tls'],
      message:
        'required field is missing: the registry is secure (insecure: false), so nodes verify https://' + registry.host +
        ' and the registry needs a certificate to serve and a CA for the nodes to trust',
      expected: 'tls: { secretName: registry-tls, caFile: certs/<ca>.crt }, or insecure: true for a test setup',
    },
  ];
}

/**
 * The registry nodes pull bootstrap images from must run before the cluster: Flannel, kube-proxy, CoreDNS and
 * kubeadm's control-plane images are pulled while no pod, so no in-cluster registry, can run yet.
 */
function checkImageSources(config: ClusterConfig): RuleViolation[] {
  const { images, registry } = config.spec;
  const violations: RuleViolation[] = [];
  const bootstrap = images.bootstrapRegistry;
  const fix = bootstrap
    ? `a registry outside the cluster, such as the bootstrap registry ${bootstrap.host}:${bootstrap.port} (leave mirror unset to use it)`
    : 'a registry outside the cluster: set spec.images.bootstrapRegistry (scripts/node/prepare-bootstrap-registry.sh runs it before the cluster) and leave mirror unset, or name another site registry';
  if (images.mirror !== undefined && registry.enabled && images.mirror.split('/')[0] === registry.host) {
    violations.push({
      path: ['spec', 'images', 'mirror'],
      message:
        `points at the registry the cluster itself serves (spec.registry.host ${registry.host}): nodes pull every image from the mirror, ` +
        'Flannel, kube-proxy, CoreDNS and kubeadm\'s control-plane images included, before the cluster and so that registry can run, so the cluster could never start',
      got: images.mirror,
      expected: fix,
    });
  }
  if (bootstrap && registry.enabled && [bootstrap.host, `${bootstrap.host}:${bootstrap.port}`].includes(registry.host)) {
    violations.push({
      path: ['spec', 'images', 'bootstrapRegistry', 'host'],
      message: `is the in-cluster registry's host (spec.registry.host ${registry.host}); the bootstrap registry must run outside the cluster`,
      got: bootstrap.host,
      expected: 'the host name or address of a machine outside the cluster, such as the NFS or HAProxy host',
    });
  }
  if (bootstrap?.insecure && bootstrap.tls.caFile !== undefined) {
    violations.push({
      path: ['spec', 'images', 'bootstrapRegistry', 'tls', 'caFile'],
      message: 'is set, but insecure serves plain HTTP without a certificate',
      got: bootstrap.tls.caFile,
      expected: 'either insecure: true or a CA file, not both',
    });
  }
  return violations;
}
