import * as yaml from 'js-yaml';
import { KubeObject } from '../kube/objects';
import type { FieldChange } from './field-change';

/**
 * Fields the API server refuses to change on an existing object (its update validation calls them immutable), by
 * kind. A prefix matches the field and everything below it.
 */
const IMMUTABLE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates', 'spec.podManagementPolicy'],
  Job: ['spec.selector', 'spec.template', 'spec.completionMode'],
  Service: ['spec.clusterIP', 'spec.clusterIPs'],
  PersistentVolumeClaim: ['spec.storageClassName', 'spec.volumeName', 'spec.accessModes', 'spec.selector', 'spec.volumeMode', 'spec.dataSource'],
  PersistentVolume: ['spec.nfs', 'spec.hostPath', 'spec.local', 'spec.csi', 'spec.iscsi', 'spec.fc', 'spec.cephfs', 'spec.rbd', 'spec.nodeAffinity', 'spec.volumeMode'],
  StorageClass: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'],
  IngressClass: ['spec.controller'],
  Secret: ['type'],
  CustomResourceDefinition: ['spec.scope'],
};

/** Warnings for one changed object: immutable fields, NodePorts that move, a PVC that shrinks. */
export function objectWarnings(before: KubeObject, after: KubeObject, fields: readonly FieldChange[]): string[] {
  const warnings: string[] = [];
  const immutable = IMMUTABLE[after.kind] ?? [];
  const hits = new Set<string>();
  for (const field of fields) {
    const prefix = immutable.find((candidate) => field.path === candidate || field.path.startsWith(`${candidate}.`) || field.path.startsWith(`${candidate}[`));
    if (prefix && !hits.has(prefix)) {
      hits.add(prefix);
      warnings.push(
        `${prefix} is immutable: the API server refuses the update (delete and re-create the object${after.kind === 'PersistentVolumeClaim' || after.kind === 'PersistentVolume' ? ', which detaches its data' : ''})`,
      );
    }
  }
  if (after.kind === 'Service') {
    warnings.push(...nodePortWarnings(before, after));
  }
  if (after.kind === 'PersistentVolumeClaim') {
    const size = (object: KubeObject) => (object.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage;
    if (quantity(size(after)) < quantity(size(before))) {
      warnings.push(`spec.resources.requests.storage shrinks from ${size(before)} to ${size(after)}: a PVC can only grow`);
    }
  }
  if (after.kind === 'ConfigMap' && after.metadata.name === 'kube-flannel-cfg') {
    const network = (object: KubeObject) => {
      const text = (object.data as Record<string, string> | undefined)?.['net-conf.json'];
      try {
        return text ? (JSON.parse(text) as { Network?: string }).Network : undefined;
      } catch {
        return undefined;
      }
    };
    if (network(before) !== network(after)) {
      warnings.push(`Flannel's pod network changes from ${network(before)} to ${network(after)}: running pods keep their addresses and nodes their old podCIDR; the cluster must be rebuilt`);
    }
  }
  return warnings;
}

function nodePortWarnings(before: KubeObject, after: KubeObject): string[] {
  type Port = { name?: string; port?: number; nodePort?: number };
  const ports = (object: KubeObject) => ((object.spec as { ports?: Port[] } | undefined)?.ports ?? []).filter((port) => port.nodePort !== undefined);
  const warnings: string[] = [];
  for (const port of ports(after)) {
    const old = ports(before).find((candidate) => (candidate.name ?? candidate.port) === (port.name ?? port.port));
    if (old && old.nodePort !== port.nodePort) {
      warnings.push(
        `NodePort of port ${port.name ?? port.port} moves from ${old.nodePort} to ${port.nodePort}: clients and load balancers that use ${old.nodePort} lose the service until they follow (re-run prepare-haproxy.sh and prepare-node.sh for the firewall)`,
      );
    }
  }
  return warnings;
}

/** Warnings from node files: the pod and service CIDR, and the Kubernetes version, of a cluster that already runs. */
export function nodeFileWarnings(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): string[] {
  const before = clusterConfiguration(base);
  const after = clusterConfiguration(head);
  if (!before || !after) return [];
  const warnings: string[] = [];
  const networking = (config: Record<string, unknown>) => (config.networking ?? {}) as Record<string, string | undefined>;
  for (const [field, what] of [
    ['podSubnet', 'pod CIDR'],
    ['serviceSubnet', 'service CIDR'],
  ] as const) {
    if (networking(before.config)[field] !== networking(after.config)[field]) {
      warnings.push(
        `the ${what} changes from ${networking(before.config)[field]} to ${networking(after.config)[field]} (${after.file}: networking.${field}): ` +
          'kubeadm fixes it at init, so a running cluster keeps the old one; this takes a rebuild of the cluster (reset-node.sh, init, join)',
      );
    }
  }
  if (before.config.kubernetesVersion !== after.config.kubernetesVersion) {
    warnings.push(
      `kubernetesVersion changes from ${before.config.kubernetesVersion} to ${after.config.kubernetesVersion}: a running cluster is moved with kubeadm upgrade, one minor version at a time, not by re-running init`,
    );
  }
  return warnings;
}

/** The kubeadm ClusterConfiguration among the node files (the first control plane's), with its file. */
function clusterConfiguration(files: ReadonlyMap<string, string>): { file: string; config: Record<string, unknown> } | undefined {
  for (const [file, content] of [...files].filter(([name]) => name.startsWith('nodes/kubeadm/')).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const document of yaml.loadAll(content)) {
      const config = document as Record<string, unknown> | null;
      if (config && config.kind === 'ClusterConfiguration') {
        return { file, config };
      }
    }
  }
  return undefined;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

function quantity(value: string | undefined): number {
  const match = value ? /^(\d+(?:\.\d+)?)([kMGT]i?|Ki)?$/.exec(value) : null;
  return match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1) : Number.NaN;
}
