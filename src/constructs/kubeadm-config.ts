import * as yaml from 'js-yaml';
import { Construct } from 'constructs';
import { isKubeletSettableLabel } from '../kube/names';
import { NodeFile } from './node-file';

/**
 * kubeadm's configuration API: v1beta4, which kubeadm 1.31 introduced and every kubeadm of hanok's window reads
 * (kubeadm 1.36 removed v1beta3). Flags are lists of `{name, value}` and waits are under `timeouts`.
 */
export const KUBEADM_API_VERSION = 'kubeadm.k8s.io/v1beta4';
export const KUBELET_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
export const CONTAINERD_SOCKET = 'unix:///var/run/containerd/containerd.sock';
const API_SERVER_BIND_PORT = 6443;
/** kubeadm 1.31+'s defaults for the control-plane and kubelet health checks of `init`. */
const INIT_TIMEOUT = '4m0s';
/** kubeadm 1.31+'s defaults for discovery and the TLS bootstrap of `join`. */
const JOIN_TIMEOUT = '5m0s';

/**
 * Stand-ins the init and join scripts replace at run time, in a private temporary copy of the file: bootstrap tokens
 * and certificate keys are short-lived secrets from `kubeadm init` / `kubeadm token create`, never written to dist/.
 */
export const KUBEADM_PLACEHOLDERS = {
  token: '__KUBEADM_TOKEN__',
  caCertHash: '__KUBEADM_CA_CERT_HASH__',
  certificateKey: '__KUBEADM_CERTIFICATE_KEY__',
} as const;

export type KubeadmNodeRole = 'control-plane' | 'worker';

/** A machine kubeadm sets up. */
export interface KubeadmNode {
  /** Node name kubeadm registers (`nodeRegistration.name`). */
  readonly name: string;
  /** Address on the host network: the kubelet's `node-ip`, and on control planes the API server's advertise address. */
  readonly ip: string;
  /** What the node runs. A control plane that is also a worker gets no control-plane taint. */
  readonly roles: readonly KubeadmNodeRole[];
  /**
   * Node labels. Those a kubelet may set on itself go into `--node-labels`; the others (such as
   * `node-role.kubernetes.io/*`) are applied by `kubectl label` after the join.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface KubeadmConfigProps {
  /** `clusterName`, as kubeconfig files name the cluster. */
  readonly clusterName: string;
  /** Kubernetes version, MAJOR.MINOR.PATCH, e.g. `1.36.1`. */
  readonly kubernetesVersion: string;
  /** `host:port` every node and client reaches the API server at (`controlPlaneEndpoint`, the join's `apiServerEndpoint`). */
  readonly controlPlaneEndpoint: string;
  /** Pod network (`networking.podSubnet`); the CNI must route the same range. */
  readonly podSubnet: string;
  /** Service network (`networking.serviceSubnet`). */
  readonly serviceSubnet: string;
  /**
   * DNS domain of Services (`networking.dnsDomain`).
   * @default 'cluster.local'
   */
  readonly dnsDomain?: string;
  /** The cluster's nodes; the first control plane is initialized, every other node joins. */
  readonly nodes: readonly KubeadmNode[];
  /**
   * Registry and path kubeadm pulls the control-plane images from (`imageRepository`), e.g. a site mirror.
   * @default - kubeadm's default, registry.k8s.io
   */
  readonly imageRepository?: string;
  /**
   * The container runtime's CRI socket (`nodeRegistration.criSocket`).
   * @default CONTAINERD_SOCKET
   */
  readonly criSocket?: string;
  /**
   * Folder below `dist/<cluster>/nodes/` of the files, one `<node>.yaml` per node.
   * @default 'kubeadm'
   */
  readonly directory?: string;
}

const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

/**
 * kubeadm configuration files for every node of a cluster (seed 002 §8 and §11, as configuration instead of flags):
 * `kubeadm/<first control plane>.yaml` holds InitConfiguration, ClusterConfiguration and KubeletConfiguration (systemd
 * cgroup driver) for `kubeadm init --config`; every other node gets a JoinConfiguration for `kubeadm join --config`,
 * with its name, `node-ip` and node labels. The bootstrap token, CA certificate hash and certificate key are
 * placeholders the scripts fill in at run time.
 */
export class KubeadmConfig extends Construct {
  /** The node `kubeadm init` runs on. */
  public readonly initNode: string;
  /** Each node's file, by node name. */
  public readonly files: ReadonlyMap<string, NodeFile>;

  constructor(scope: Construct, id: string, props: KubeadmConfigProps) {
    super(scope, id);
    validate(props);
    const directory = props.directory ?? 'kubeadm';
    const [init, ...joining] = orderNodes(props.nodes);
    this.initNode = init.name;
    const files = new Map<string, NodeFile>();
    files.set(init.name, new NodeFile(this, `Init-${init.name}`, { path: `${directory}/${init.name}.yaml`, content: renderInit(props, init) }));
    for (const node of joining) {
      files.set(node.name, new NodeFile(this, `Join-${node.name}`, { path: `${directory}/${node.name}.yaml`, content: renderJoin(props, node) }));
    }
    this.files = files;
  }
}

/** The first control plane first, then the others in their order. */
function orderNodes(nodes: readonly KubeadmNode[]): KubeadmNode[] {
  const init = nodes.find((node) => node.roles.includes('control-plane'))!;
  return [init, ...nodes.filter((node) => node !== init)];
}

function validate(props: KubeadmConfigProps): void {
  if (!/^1\.\d+\.\d+$/.test(props.kubernetesVersion)) {
    throw new Error(`kubeadm config: 'kubernetesVersion' must be MAJOR.MINOR.PATCH such as 1.36.1 (got ${JSON.stringify(props.kubernetesVersion)})`);
  }
  if (!/^[^\s:]+:\d{1,5}$/.test(props.controlPlaneEndpoint)) {
    throw new Error(`kubeadm config: 'controlPlaneEndpoint' must be host:port such as 192.168.111.169:6443 (got ${JSON.stringify(props.controlPlaneEndpoint)})`);
  }
  for (const [prop, value] of [['podSubnet', props.podSubnet], ['serviceSubnet', props.serviceSubnet]] as const) {
    if (!CIDR.test(value)) {
      throw new Error(`kubeadm config: '${prop}' must be an IPv4 CIDR block such as 10.244.0.0/16 (got ${JSON.stringify(value)})`);
    }
  }
  if (!props.nodes.some((node) => node.roles.includes('control-plane'))) {
    throw new Error(`kubeadm config: 'nodes' must include a node with the role control-plane (got ${props.nodes.map((node) => node.name).join(', ') || 'no nodes'})`);
  }
  const seen = new Set<string>();
  for (const node of props.nodes) {
    if (!NODE_NAME.test(node.name)) {
      throw new Error(`kubeadm config: node name ${JSON.stringify(node.name)} must be a DNS name (lower-case letters, digits, "-" and ".")`);
    }
    if (seen.has(node.name)) {
      throw new Error(`kubeadm config: node name ${JSON.stringify(node.name)} is listed twice`);
    }
    seen.add(node.name);
    if (!IPV4.test(node.ip)) {
      throw new Error(`kubeadm config: node '${node.name}' has 'ip' ${JSON.stringify(node.ip)}, expected an IPv4 address`);
    }
    if (node.roles.length === 0) {
      throw new Error(`kubeadm config: node '${node.name}' has no 'roles', expected control-plane, worker or both`);
    }
  }
}

function nodeRegistration(props: KubeadmConfigProps, node: KubeadmNode): Record<string, unknown> {
  const selfLabels = Object.entries(node.labels ?? {}).filter(([key]) => isKubeletSettableLabel(key));
  // v1beta4: a list of {name, value}, the flag names without dashes.
  const kubeletExtraArgs: Array<{ name: string; value: string }> = [{ name: 'node-ip', value: node.ip }];
  if (selfLabels.length > 0) {
    kubeletExtraArgs.push({ name: 'node-labels', value: selfLabels.map(([key, value]) => `${key}=${value}`).join(',') });
  }
  const isControlPlane = node.roles.includes('control-plane');
  return {
    name: node.name,
    criSocket: props.criSocket ?? CONTAINERD_SOCKET,
    // A control plane that also runs workloads must not get kubeadm's NoSchedule taint; an empty list means none.
    ...(isControlPlane && node.roles.includes('worker') ? { taints: [] } : {}),
    kubeletExtraArgs,
  };
}

function header(lines: readonly string[]): string {
  return [
    '# Generated by hanok; edit the cluster file, not this one.',
    ...lines.map((line) => `# ${line}`),
    '',
  ].join('\n');
}

function documents(objects: readonly unknown[]): string {
  return objects.map((object) => yaml.dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })).join('---\n');
}

function renderInit(props: KubeadmConfigProps, node: KubeadmNode): string {
  const init = {
    apiVersion: KUBEADM_API_VERSION,
    kind: 'InitConfiguration',
    localAPIEndpoint: { advertiseAddress: node.ip, bindPort: API_SERVER_BIND_PORT },
    nodeRegistration: nodeRegistration(props, node),
    // kubeadm's own defaults, written out so that a slow site knows where to raise them.
    timeouts: { controlPlaneComponentHealthCheck: INIT_TIMEOUT, kubeletHealthCheck: INIT_TIMEOUT },
  };
  const cluster = {
    apiVersion: KUBEADM_API_VERSION,
    kind: 'ClusterConfiguration',
    clusterName: props.clusterName,
    kubernetesVersion: `v${props.kubernetesVersion}`,
    controlPlaneEndpoint: props.controlPlaneEndpoint,
    ...(props.imageRepository ? { imageRepository: props.imageRepository } : {}),
    networking: { podSubnet: props.podSubnet, serviceSubnet: props.serviceSubnet, dnsDomain: props.dnsDomain ?? 'cluster.local' },
  };
  const kubelet = {
    apiVersion: KUBELET_API_VERSION,
    kind: 'KubeletConfiguration',
    cgroupDriver: 'systemd',
  };
  return (
    header([
      `kubeadm init of ${node.name}, the first control plane of cluster ${props.clusterName}:`,
      `  scripts/node/init-control-plane.sh --cluster ${props.clusterName} --node ${node.name}`,
      'kubeadm creates the bootstrap token itself and prints the join command; nothing secret is in this file.',
    ]) + documents([init, cluster, kubelet])
  );
}

function renderJoin(props: KubeadmConfigProps, node: KubeadmNode): string {
  const isControlPlane = node.roles.includes('control-plane');
  const join = {
    apiVersion: KUBEADM_API_VERSION,
    kind: 'JoinConfiguration',
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: props.controlPlaneEndpoint,
        token: KUBEADM_PLACEHOLDERS.token,
        caCertHashes: [KUBEADM_PLACEHOLDERS.caCertHash],
      },
    },
    nodeRegistration: nodeRegistration(props, node),
    timeouts: { discovery: JOIN_TIMEOUT, tlsBootstrap: JOIN_TIMEOUT },
    ...(isControlPlane
      ? { controlPlane: { localAPIEndpoint: { advertiseAddress: node.ip, bindPort: API_SERVER_BIND_PORT }, certificateKey: KUBEADM_PLACEHOLDERS.certificateKey } }
      : {}),
  };
  return (
    header([
      `kubeadm join of ${node.name} (${node.roles.join(', ')}) to cluster ${props.clusterName}:`,
      `  scripts/node/join-node.sh --cluster ${props.clusterName} --node ${node.name} --token <token> --ca-cert-hash sha256:<hash>${isControlPlane ? ' --certificate-key <key>' : ''}`,
      `The script replaces ${Object.values(KUBEADM_PLACEHOLDERS).filter((value) => isControlPlane || value !== KUBEADM_PLACEHOLDERS.certificateKey).join(', ')} in a private copy; they are never stored here.`,
    ]) + documents([join])
  );
}
