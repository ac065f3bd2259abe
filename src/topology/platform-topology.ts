import { KubeObject } from '../kube/objects';
import { podTemplateOf } from '../kube/workloads';
import { Cluster } from '../config/cluster';
import { attributes, GRAPH_DEFAULTS, legend, quote, Style, STYLES } from './dot';

/** What the drawing of one cluster is made from: its configuration, every object with its layer, and the node files. */
export interface TopologyInput {
  readonly cluster: Cluster;
  readonly objects: readonly { readonly layer: string; readonly object: KubeObject }[];
  /** Files of `nodes/`, path relative to it: haproxy.cfg gives the front end's ports. */
  readonly nodeFiles: ReadonlyMap<string, string>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
/** Kinds that route traffic by host or path; drawn generically, so an ingress controller or a Gateway API one both fit. */
const ROUTE_KINDS = new Set(['Ingress', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute']);

type Spec = Record<string, any>;

/**
 * The DOT text of a cluster's topology: machines, the HAProxy front end, and per layer the path from the NodePorts
 * through routes and Services to workloads, the volumes on NFS, and MetalLB's pools. Node ids are derived from
 * object identities, and objects are visited in output order, so the same input gives the same text.
 */
export function platformTopologyDot(input: TopologyInput): string {
  const { cluster } = input;
  const lines = [`digraph ${quote(cluster.name)} {`, ...GRAPH_DEFAULTS, `  graph [rankdir=LR, label=${quote(`cluster ${cluster.name}: platform topology`)}];`];
  const edges: string[] = [];
  const ids = new Set<string>();
  const node = (id: string, style: Style, label: string, indent = '    ') => {
    ids.add(id);
    return `${indent}${quote(id)}${attributes({ ...STYLES[style], label })};`;
  };
  const edge = (from: string, to: string, attrs: Record<string, string | undefined> = {}) => edges.push(`  ${quote(from)} -> ${quote(to)}${attributes(attrs)};`);
  const idOf = (object: KubeObject) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  const objects = input.objects.map((entry) => entry.object);
  const named = (kind: string, namespace: string | undefined, name: string) =>
    objects.find((object) => object.kind === kind && object.metadata.name === name && (object.metadata.namespace ?? '') === (namespace ?? ''));

  // Machines.
  lines.push('  subgraph cluster_machines {', '    label="machines"; style="rounded"; color="#6b8fb3";');
  for (const machine of cluster.spec.nodes) {
    lines.push(node(`machine/${machine.name}`, 'machine', `${machine.name}\n${machine.ip}\n${machine.roles.join(', ')}`));
  }
  const haproxy = input.nodeFiles.get('haproxy/haproxy.cfg');
  const frontEnd = haproxy ? haproxyPorts(haproxy) : [];
  if (haproxy) {
    lines.push(node('haproxy', 'frontEnd', `HAProxy host\n${frontEnd.map((port) => `:${port.listen} → NodePort ${port.nodePort}`).join('\n')}`));
  }
  lines.push('  }');
  // Outside the machines' box: drawn at the end of the volume paths that lead to it.
  const nfs = cluster.spec.nfs;
  lines.push(node('nfs', 'storage', `NFS server ${nfs.server}\n${nfs.exportPath}`, '  '));

  // MetalLB pools.
  const pools = objects.filter((object) => object.kind === 'IPAddressPool');
  for (const pool of pools) {
    lines.push(node(idOf(pool), 'pool', `MetalLB pool ${pool.metadata.name}\n${((pool.spec as Spec)?.addresses ?? []).join('\n')}`, '  '));
  }

  // Per layer: routes, Services, workloads, volumes.
  const layers = [...new Set(input.objects.map((entry) => entry.layer))];
  for (const [index, layer] of layers.entries()) {
    const members = input.objects.filter((entry) => entry.layer === layer).map((entry) => entry.object);
    const body: string[] = [];
    for (const object of members) {
      const spec = (object.spec ?? {}) as Spec;
      if (WORKLOAD_KINDS.has(object.kind)) {
        const host = object.kind !== 'DaemonSet' && routesTo(objects, object).some((host) => host === cluster.spec.registry.host) ? `\nregistry ${cluster.spec.registry.host}` : '';
        body.push(node(idOf(object), 'workload', `${object.kind}\n${object.metadata.namespace}/${object.metadata.name}${host}`));
      } else if (object.kind === 'Service') {
        const ports = (spec.ports ?? []).map((port: Spec) => `${port.port}${port.nodePort ? ` → NodePort ${port.nodePort}` : ''}`);
        body.push(node(idOf(object), 'service', `Service ${object.metadata.namespace}/${object.metadata.name}\n${spec.type ?? 'ClusterIP'} ${ports.join(', ')}`));
      } else if (ROUTE_KINDS.has(object.kind) || object.kind === 'Gateway') {
        body.push(node(idOf(object), 'route', `${object.kind} ${object.metadata.namespace}/${object.metadata.name}\n${routeHosts(object).join('\n')}`));
      } else if (object.kind === 'PersistentVolume' || object.kind === 'PersistentVolumeClaim') {
        const size = spec.capacity?.storage ?? spec.resources?.requests?.storage ?? '';
        const where = spec.nfs ? `\n${spec.nfs.path}` : '';
        body.push(node(idOf(object), 'volume', `${object.kind === 'PersistentVolume' ? 'PV' : 'PVC'} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}\n${size}${where}`));
      } else if (object.kind === 'StorageClass') {
        body.push(node(idOf(object), 'storage', `StorageClass ${object.metadata.name}\n${(object as Spec).provisioner}`));
      }
    }
    if (body.length > 0) {
      lines.push(`  subgraph cluster_layer_${index} {`, `    label=${quote(`layer ${layer}`)}; style="rounded"; color="#999999";`, ...body, '  }');
    }
  }

  // Edges: front end → NodePort Services → workloads → routes → Services → workloads; volumes → NFS; pools → LoadBalancers.
  for (const object of objects) {
    const spec = (object.spec ?? {}) as Spec;
    if (object.kind === 'Service') {
      const served = frontEnd.filter((port) => (spec.ports ?? []).some((candidate: Spec) => candidate.nodePort === port.nodePort));
      if (served.length > 0) {
        edge('haproxy', idOf(object), { label: served.map((port) => `:${port.listen} → ${port.nodePort}`).join('\n') });
      }
      for (const workload of objects.filter((candidate) => WORKLOAD_KINDS.has(candidate.kind) && selects(object, candidate))) {
        edge(idOf(object), idOf(workload));
      }
      if (spec.type === 'LoadBalancer') {
        pools.forEach((pool) => edge(idOf(pool), idOf(object), { style: 'dashed' }));
      }
    } else if (ROUTE_KINDS.has(object.kind)) {
      for (const backend of routeBackends(object)) {
        const service = named('Service', object.metadata.namespace, backend);
        if (service) edge(idOf(object), idOf(service));
      }
      for (const parent of ((spec.parentRefs ?? []) as Spec[]).filter((ref) => (ref.kind ?? 'Gateway') === 'Gateway')) {
        const gateway = named('Gateway', parent.namespace ?? object.metadata.namespace, parent.name);
        if (gateway) edge(idOf(gateway), idOf(object));
      }
    } else if (object.kind === 'PersistentVolume' && spec.nfs) {
      edge(idOf(object), 'nfs', { label: spec.nfs.path });
    } else if (object.kind === 'PersistentVolumeClaim') {
      const target = spec.volumeName ? named('PersistentVolume', undefined, spec.volumeName) : spec.storageClassName ? named('StorageClass', undefined, spec.storageClassName) : undefined;
      if (target) edge(idOf(object), idOf(target));
    } else if (object.kind === 'StorageClass') {
      edge(idOf(object), 'nfs', { style: 'dashed' });
    }
    const pod = podTemplateOf(object);
    if (pod && WORKLOAD_KINDS.has(object.kind)) {
      for (const volume of (pod.spec?.volumes ?? []) as Spec[]) {
        const claim = volume.persistentVolumeClaim && named('PersistentVolumeClaim', object.metadata.namespace, volume.persistentVolumeClaim.claimName);
        if (claim) edge(idOf(object), idOf(claim), { style: 'dotted' });
      }
    }
  }
  // Routes are entered through the workloads behind the front end's Services (the ingress or gateway controller).
  const entry = objects.filter((object) => object.kind === 'Service' && frontEnd.some((port) => ((object.spec as Spec)?.ports ?? []).some((candidate: Spec) => candidate.nodePort === port.nodePort)));
  const controllers = objects.filter((object) => WORKLOAD_KINDS.has(object.kind) && entry.some((service) => selects(service, object)));
  for (const route of objects.filter((object) => ROUTE_KINDS.has(object.kind) || object.kind === 'Gateway')) {
    const viaGateway = ((route.spec as Spec)?.parentRefs ?? []).some((ref: Spec) => named('Gateway', ref.namespace ?? route.metadata.namespace, ref.name));
    if (!viaGateway) controllers.forEach((controller) => edge(idOf(controller), idOf(route)));
  }

  lines.push(...legend(), ...edges.filter((line, index) => edges.indexOf(line) === index), '}');
  return `${lines.join('\n')}\n`;
}

/** `listen → NodePort` pairs of an haproxy.cfg as hanok writes it: each frontend's bind port and its backend's server port. */
export function haproxyPorts(config: string): { listen: number; nodePort: number }[] {
  const sections = config.split(/\n(?=\S)/);
  const backends = new Map<string, number>();
  for (const section of sections) {
    const name = /^backend\s+(\S+)/.exec(section)?.[1];
    const port = /\bserver\s+\S+\s+[\d.]+:(\d+)/.exec(section)?.[1];
    if (name && port) backends.set(name, Number(port));
  }
  const ports: { listen: number; nodePort: number }[] = [];
  for (const section of sections.filter((candidate) => candidate.startsWith('frontend'))) {
    const listen = /\bbind\s+\S*:(\d+)/.exec(section)?.[1];
    const backend = /\bdefault_backend\s+(\S+)/.exec(section)?.[1];
    if (listen && backend && backends.has(backend)) ports.push({ listen: Number(listen), nodePort: backends.get(backend)! });
  }
  return ports;
}

function selects(service: KubeObject, workload: KubeObject): boolean {
  const selector = ((service.spec as Spec)?.selector ?? {}) as Record<string, string>;
  const labels = podTemplateOf(workload)?.labels ?? {};
  return (
    service.metadata.namespace === workload.metadata.namespace && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value)
  );
}

function routeHosts(route: KubeObject): string[] {
  const spec = (route.spec ?? {}) as Spec;
  if (route.kind === 'Ingress') {
    return ((spec.rules ?? []) as Spec[]).flatMap((rule) => ((rule.http?.paths ?? []) as Spec[]).map((path) => `${rule.host ?? '*'}${path.path ?? '/'}`));
  }
  if (route.kind === 'Gateway') {
    return ((spec.listeners ?? []) as Spec[]).map((listener) => `${listener.protocol ?? ''} :${listener.port}${listener.hostname ? ` ${listener.hostname}` : ''}`);
  }
  return ((spec.hostnames ?? ['*']) as string[]).slice();
}

function routeBackends(route: KubeObject): string[] {
  const spec = (route.spec ?? {}) as Spec;
  if (route.kind === 'Ingress') {
    return ((spec.rules ?? []) as Spec[]).flatMap((rule) => ((rule.http?.paths ?? []) as Spec[]).map((path) => path.backend?.service?.name)).filter(Boolean);
  }
  return ((spec.rules ?? []) as Spec[]).flatMap((rule) => ((rule.backendRefs ?? []) as Spec[]).filter((ref) => (ref.kind ?? 'Service') === 'Service').map((ref) => ref.name));
}

/** The hosts of the routes whose backends select this workload's pods. */
function routesTo(objects: readonly KubeObject[], workload: KubeObject): string[] {
  const services = objects.filter((object) => object.kind === 'Service' && selects(object, workload)).map((service) => service.metadata.name);
  return objects
    .filter((object) => ROUTE_KINDS.has(object.kind) && object.metadata.namespace === workload.metadata.namespace && routeBackends(object).some((name) => services.includes(name)))
    .flatMap((route) => routeHosts(route).map((host) => host.replace(/\/.*$/, '')));
}
