import * as path from 'path';
import { Construct } from 'constructs';
import { KubeObject } from '../kube/objects';
import { containersOf, podTemplateOf } from '../kube/workloads';
import { DeepReadonly, ResolvedRegistryConfig } from '../config/cluster';
import { BootstrapRegistryConfig, ClusterSpecConfig, NetworkConfig, NfsConfig } from '../config/schema';
import { BootstrapRegistry } from '../constructs/bootstrap-registry';
import { ContainerdRegistryHosts } from '../constructs/containerd-registry-hosts';
import { FirewallPorts, FirewallRule } from '../constructs/firewall-ports';
import { KubeadmConfig, KubeadmNodeRole } from '../constructs/kubeadm-config';
import { NfsDirectory, NfsExports } from '../constructs/nfs-exports';
import { NodeInventory } from '../constructs/node-inventory';
import { NodeKernelConfig } from '../constructs/node-kernel-config';
import { NodeRequirements } from '../constructs/node-requirements';
import { HanokChart } from './hanok-chart';

/** A node with every label it carries (see src/config/node-labels.ts). */
export interface LabelledNode {
  readonly name: string;
  readonly ip: string;
  readonly roles: readonly KubeadmNodeRole[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface NodeSetupChartProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly controlPlaneEndpoint: string;
  readonly network: DeepReadonly<NetworkConfig>;
  readonly nodes: readonly LabelledNode[];
  /** The registry nodes pull from; its hosts.toml follows `insecure` and trusts `tls.caCertificate`. */
  readonly registry: DeepReadonly<ResolvedRegistryConfig>;
  readonly nfs: DeepReadonly<NfsConfig>;
  readonly flannel: DeepReadonly<ClusterSpecConfig['networking']['flannel']>;
  /** Whether MetalLB runs: its speakers talk memberlist on port 7946. */
  readonly metalLb: boolean;
  /** Port Prometheus scrapes node_exporter on at every node. @default - not scraped */
  readonly nodeExporterPort?: number;
  /** Whether the cluster has an HAProxy front end (nodes/haproxy/haproxy.cfg). */
  readonly haproxy: boolean;
  /**
   * Whether the HAProxy front end also balances the Kubernetes API on port 6443.
   * @default false
   */
  readonly haproxyApi?: boolean;
  /**
   * The HAProxy host, when its address is configured: it goes into nodes/hosts.
   * @default - not in nodes/hosts
   */
  readonly haproxyHost?: { readonly name: string; readonly ip: string };
  /** Where kubeadm pulls control-plane images from. @default - registry.k8s.io */
  readonly imageRepository?: string;
  /**
   * The registry outside the cluster that nodes pull bootstrap images from, with the PEM of its CA when the cluster
   * file names one. @default - none
   */
  readonly bootstrapRegistry?: DeepReadonly<BootstrapRegistryConfig> & { readonly caCertificate?: string };
}

/**
 * Node setup (seed 002 §6–8, §11, §14; seed 003): the files for the machines rather than the API server. It has no
 * API objects, so synth writes no manifest for it, only `dist/<cluster>/nodes/`: kubeadm configuration per node,
 * containerd's registry configuration, kernel modules and parameters, firewall ports per role, the NFS export and
 * the directories the volumes need, and the node inventory. The scripts in scripts/node/ read them.
 */
export class NodeSetupChart extends HanokChart {
  public readonly kubeadm: KubeadmConfig;
  private readonly props: NodeSetupChartProps;
  private objectsAdded = false;

  constructor(scope: Construct, id: string, props: NodeSetupChartProps) {
    super(scope, id, { layer: 'nodes' });
    this.props = props;
    this.kubeadm = new KubeadmConfig(this, 'Kubeadm', {
      clusterName: props.clusterName,
      kubernetesVersion: props.kubernetesVersion,
      controlPlaneEndpoint: props.controlPlaneEndpoint,
      podSubnet: props.network.podCidr,
      serviceSubnet: props.network.serviceCidr,
      dnsDomain: props.network.clusterDomain,
      nodes: props.nodes,
      imageRepository: props.imageRepository,
    });
    new ContainerdRegistryHosts(this, 'RegistryHosts', {
      host: props.registry.host,
      insecure: props.registry.insecure,
      caCertificate: props.registry.tls?.caCertificate,
    });
    const bootstrap = props.bootstrapRegistry;
    if (bootstrap) {
      const registry = new BootstrapRegistry(this, 'BootstrapRegistry', {
        clusterName: props.clusterName,
        host: bootstrap.host,
        port: bootstrap.port,
        insecure: bootstrap.insecure,
        dataPath: bootstrap.dataPath,
        nfsSource: bootstrap.storage === 'nfs' ? `${props.nfs.server}:${props.nfs.exportPath}/bootstrap_registry` : undefined,
      });
      new ContainerdRegistryHosts(this, 'BootstrapRegistryHosts', {
        host: registry.address,
        insecure: bootstrap.insecure,
        capabilities: ['pull', 'resolve'],
        caCertificate: bootstrap.caCertificate,
      });
    }
    new NodeKernelConfig(this, 'Kernel');
    new NodeInventory(this, 'Inventory', { nodes: props.nodes, otherHosts: props.haproxyHost ? [props.haproxyHost] : [] });
    new NodeRequirements(this, 'Requirements', { kubernetesVersion: props.kubernetesVersion });
  }

  /**
   * Adds the files that follow the cluster's API objects: the firewall ports (their NodePorts) and the NFS export
   * with the directories their volumes need. The objects are the final ones (patched, checked, images mapped), which
   * exist only once every chart is synthesized, so the pipeline calls this once, after its checks.
   */
  public addClusterObjects(objects: readonly KubeObject[]): void {
    if (this.objectsAdded) {
      throw new Error(`${this.node.path}: the cluster's objects were already added`);
    }
    this.objectsAdded = true;
    const props = this.props;
    new FirewallPorts(this, 'Firewall', { roles: firewallRoles({ ...props, objects }) });
    new NfsExports(this, 'Nfs', {
      exportPath: props.nfs.exportPath,
      clients: props.network.hostCidr,
      directories: nfsDirectories(objects, props.nfs),
    });
  }
}

/** Ports per role, from the Kubernetes ports reference and what this cluster runs. */
export function firewallRoles(
  props: Pick<NodeSetupChartProps, 'flannel' | 'metalLb' | 'nodeExporterPort' | 'haproxy' | 'haproxyApi'> & { readonly objects: readonly KubeObject[] },
): Record<string, FirewallRule[]> {
  const everyNode: FirewallRule[] = [
    { port: 10250, purpose: 'kubelet API (control plane, metrics-server, Prometheus)' },
    { port: 10256, purpose: 'kube-proxy health check' },
    { port: [30000, 32767], purpose: 'NodePort Services' },
    ...nodePorts(props.objects),
  ];
  if (props.flannel.enabled && props.flannel.backend === 'vxlan') {
    everyNode.push({ port: 8472, protocol: 'udp', purpose: 'Flannel VXLAN between nodes' });
  }
  if (props.metalLb) {
    everyNode.push({ port: 7946, protocol: 'tcp', purpose: 'MetalLB speaker memberlist' }, { port: 7946, protocol: 'udp', purpose: 'MetalLB speaker memberlist' });
  }
  if (props.nodeExporterPort !== undefined) {
    everyNode.push({ port: props.nodeExporterPort, purpose: 'node_exporter, scraped by Prometheus' });
  }
  const roles: Record<string, FirewallRule[]> = {
    'control-plane': [
      { port: 6443, purpose: 'Kubernetes API server' },
      { port: [2379, 2380], purpose: 'etcd server client API and peers' },
      { port: 10257, purpose: 'kube-controller-manager' },
      { port: 10259, purpose: 'kube-scheduler' },
      ...everyNode,
    ],
    worker: everyNode,
    'nfs-server': [
      { port: 2049, purpose: 'NFS' },
      { port: 111, purpose: 'rpcbind (NFSv3)' },
      { port: 111, protocol: 'udp', purpose: 'rpcbind (NFSv3)' },
      { port: 20048, purpose: 'mountd (NFSv3)' },
      { port: 20048, protocol: 'udp', purpose: 'mountd (NFSv3)' },
    ],
  };
  if (props.haproxy) {
    roles.haproxy = [
      { port: 80, purpose: 'HAProxy: HTTP to the ingress NodePort' },
      { port: 443, purpose: 'HAProxy: HTTPS passed through to the ingress NodePort' },
      ...(props.haproxyApi ? [{ port: 6443, purpose: 'HAProxy: the Kubernetes API, balanced over the control planes' }] : []),
    ];
  }
  return roles;
}

/** The cluster's NodePorts, each with the Service that uses it, in port order. */
export function nodePorts(objects: readonly KubeObject[]): FirewallRule[] {
  const rules: FirewallRule[] = [];
  for (const object of objects) {
    if (object.apiVersion !== 'v1' || object.kind !== 'Service') continue;
    for (const port of ((object.spec as any)?.ports ?? []) as any[]) {
      if (typeof port.nodePort === 'number') {
        rules.push({
          port: port.nodePort,
          protocol: String(port.protocol ?? 'TCP').toLowerCase() === 'udp' ? 'udp' : 'tcp',
          purpose: `NodePort of Service ${object.metadata.namespace}/${object.metadata.name} port ${port.name ?? port.port}`,
        });
      }
    }
  }
  return rules.sort((a, b) => (a.port as number) - (b.port as number));
}

/**
 * The export root and every directory a static NFS PersistentVolume of the cluster names, each owned by the user the
 * pods that write to it run as (`runAsUser`, group `runAsGroup` or `fsGroup`), found through the volume's claim.
 * Pods that mount it read-only do not count; with no writer, or writers running as the image's own user, it is root's.
 */
export function nfsDirectories(objects: readonly KubeObject[], nfs: DeepReadonly<NfsConfig>): NfsDirectory[] {
  const directories = new Map<string, NfsDirectory>();
  directories.set(nfs.exportPath, { path: nfs.exportPath, uid: 0, gid: 0, purpose: 'the export; the NFS provisioner creates dynamic volumes in it' });
  const claims = objects.filter((object) => object.kind === 'PersistentVolumeClaim');
  for (const volume of objects.filter((object) => object.kind === 'PersistentVolume')) {
    const spec = volume.spec as any;
    if (!spec?.nfs || spec.nfs.server !== nfs.server || typeof spec.nfs.path !== 'string') continue;
    const directoryPath = path.posix.normalize(spec.nfs.path).replace(/(.)\/$/, '$1');
    const claim =
      spec.claimRef ?? claims.map((candidate) => ({ namespace: candidate.metadata.namespace, name: candidate.metadata.name, volumeName: (candidate.spec as any)?.volumeName })).find((candidate) => candidate.volumeName === volume.metadata.name);
    const writers = claim ? writersOf(objects, claim.namespace, claim.name) : [];
    const ids = [...new Set(writers.map((writer) => `${writer.uid}:${writer.gid}`))];
    const [uid, gid] = ids.length === 1 ? ids[0].split(':').map(Number) : [0, 0];
    const users = [...new Set(writers.map((writer) => `${writer.workload} (uid ${writer.uid})`))];
    directories.set(directoryPath, {
      path: directoryPath,
      uid,
      gid,
      // Several users writing the same directory share it; none can own it alone.
      mode: ids.length > 1 ? '0777' : '0755',
      purpose: `${volume.metadata.name}${claim ? ` (claim ${claim.namespace}/${claim.name})` : ''}: ${users.length > 0 ? `written by ${users.join(', ')}` : 'no pod of the cluster writes it'}`,
    });
  }
  return [...directories.values()];
}

interface Writer {
  readonly workload: string;
  readonly uid: number;
  readonly gid: number;
}

/** The pod templates in a namespace that mount a claim writable, with the user and group their mounting containers run as. */
function writersOf(objects: readonly KubeObject[], namespace: string, claimName: string): Writer[] {
  const writers: Writer[] = [];
  for (const object of objects) {
    if (object.metadata.namespace !== namespace) continue;
    const site = podTemplateOf(object);
    if (!site) continue;
    const volumes = ((site.spec.volumes ?? []) as any[]).filter((volume) => volume.persistentVolumeClaim?.claimName === claimName && !volume.persistentVolumeClaim.readOnly);
    for (const volume of volumes) {
      for (const { container } of containersOf(site)) {
        const mount = ((container.volumeMounts ?? []) as any[]).find((candidate) => candidate.name === volume.name);
        if (!mount || mount.readOnly) continue;
        const pod = site.spec.securityContext ?? {};
        const own = container.securityContext ?? {};
        const uid = own.runAsUser ?? pod.runAsUser ?? 0;
        const gid = own.runAsGroup ?? pod.runAsGroup ?? pod.fsGroup ?? uid;
        writers.push({ workload: `${object.kind} ${namespace}/${object.metadata.name}`, uid, gid });
      }
    }
  }
  return writers;
}
