import { z } from 'zod';
import { REGISTRY_IMAGE } from '../constructs/docker-registry';
import { NFS_SUBDIR_PROVISIONER_IMAGE } from '../constructs/nfs-subdir-provisioner';
import {
  AbsolutePath,
  explain,
  DnsLabel,
  DnsSubdomain,
  HostOrAddress,
  HostPort,
  ImageReference,
  Ipv4Address,
  Ipv4Cidr,
  Labels,
  NodePort,
  Quantity,
} from './fields';

/**
 * The cluster configuration schema: the one definition of what a file in `clusters/` may contain. TypeScript types
 * are inferred from it and `schema/cluster.schema.json` is generated from it (`npm run generate`).
 *
 * Every object is strict: an unknown key is an error, so a typo is never silently ignored.
 */

export const CLUSTER_API_VERSION = 'hanok.dev/v1alpha1';

export const NodeRole = z.enum(['control-plane', 'worker']);

export const NodeSpec = z
  .strictObject({
    name: DnsSubdomain.describe('Node name, as kubeadm registers it (the host name).'),
    ip: Ipv4Address.describe('The node\'s address on the host network.'),
    roles: z
      .array(NodeRole)
      .min(1)
      .default(['worker'])
      .describe('What the node runs: `control-plane`, `worker`, or both.'),
    labels: Labels.default({}).describe('Extra node labels, applied when the node registers.'),
  })
  .describe('A machine of the cluster.');

export const NetworkSpec = z
  .strictObject({
    hostCidr: Ipv4Cidr.describe('The network the nodes are on. Node IPs must lie in it; pod and service CIDRs must not overlap it.'),
    podCidr: Ipv4Cidr.default('10.244.0.0/16').describe('Pod network (kubeadm `podSubnet`, Flannel `Network`).'),
    serviceCidr: Ipv4Cidr.default('10.96.0.0/12').describe('Service network (kubeadm `serviceSubnet`).'),
    clusterDomain: DnsSubdomain.default('cluster.local').describe('DNS domain of the cluster\'s Services.'),
  })
  .describe('Address plan of the cluster.');

export const NfsSpec = z
  .strictObject({
    server: HostOrAddress.describe('NFS server address.'),
    exportPath: AbsolutePath.describe('Exported directory; every volume is a subdirectory of it.'),
  })
  .describe('The NFS server that provides the cluster\'s shared storage.');

export const StorageClassSpec = z
  .strictObject({
    name: DnsSubdomain.default('nfs-client').describe('StorageClass name.'),
    isDefault: z.boolean().default(true).describe('Whether the class is the cluster\'s default StorageClass.'),
    reclaimPolicy: z.enum(['Delete', 'Retain']).default('Delete').describe('What happens to a volume when its claim is deleted.'),
    archiveOnDelete: z
      .boolean()
      .default(true)
      .describe('With reclaimPolicy Delete: keep the data in an `archived-*` directory instead of removing it.'),
  })
  .describe('The dynamically provisioned NFS StorageClass.');

export const StorageSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the storage layer is synthesized.'),
    namespace: DnsLabel.default('nfs-provisioner').describe('Namespace of the NFS provisioner.'),
    provisionerImage: ImageReference.default(NFS_SUBDIR_PROVISIONER_IMAGE).describe(
      'Image of the NFS subdir external provisioner.',
    ),
    storageClass: StorageClassSpec.prefault({}),
  })
  .describe('Storage layer: dynamic NFS provisioning and static NFS volumes.');

export const RegistrySpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the registry layer is synthesized.'),
    host: DnsSubdomain.describe('Host name users and nodes pull from and push to; the Ingress serves it.'),
    namespace: DnsLabel.default('docker-registry').describe('Namespace of the registry.'),
    image: ImageReference.default(REGISTRY_IMAGE).describe('Image of the registry server.'),
    storageSize: Quantity.default('10Gi').describe('Size of the registry\'s NFS volume.'),
    insecure: z
      .boolean()
      .default(false)
      .describe('Whether nodes reach the registry over plain HTTP or unverified TLS (containerd `skip_verify`). Test setups only.'),
    pullSecretName: DnsSubdomain.default('regcred').describe(
      'Name of the `kubernetes.io/dockerconfigjson` Secret that holds the pull credentials. Supplied at apply time, never in git.',
    ),
  })
  .describe('The private image registry on NFS behind the ingress.');

export const IngressSpec = z
  .strictObject({
    className: DnsSubdomain.default('nginx').describe('IngressClass every Ingress of the cluster uses.'),
    httpNodePort: NodePort.default(32334).describe('NodePort of the ingress controller\'s HTTP port.'),
    httpsNodePort: NodePort.default(30570).describe('NodePort of the ingress controller\'s HTTPS port.'),
  })
  .describe('How traffic reaches the cluster\'s Ingresses.');

export const ClusterSpec = z.strictObject({
  kubernetesVersion: z
    .string()
    .regex(/^1\.(2[7-9]|[3-9]\d)\.\d+$/, explain('unsupported Kubernetes version', '1.27.0 or later, as MAJOR.MINOR.PATCH'))
    .default('1.30.14')
    .describe('Kubernetes version kubeadm installs.'),
  controlPlaneEndpoint: HostPort.optional().describe(
    'Address of the Kubernetes API. - defaults to the first control-plane node\'s IP on port 6443.',
  ),
  network: NetworkSpec,
  nodes: z.array(NodeSpec).min(1, explain('no nodes', 'at least one node')),
  nfs: NfsSpec,
  storage: StorageSpec.prefault({}),
  registry: RegistrySpec,
  ingress: IngressSpec.prefault({}),
});

export const ClusterConfigSchema = z
  .strictObject({
    apiVersion: z.literal(CLUSTER_API_VERSION).describe('Version of the configuration format.'),
    kind: z.literal('Cluster'),
    metadata: z.strictObject({
      name: DnsLabel.describe('Cluster name; equals the file name and names the output folder `dist/<name>/`.'),
    }),
    spec: ClusterSpec,
  })
  .describe('One hanok cluster: everything needed to synthesize its manifests and node files.');

export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
export type ClusterConfigInput = z.input<typeof ClusterConfigSchema>;
export type ClusterSpecConfig = ClusterConfig['spec'];
export type NodeConfig = z.infer<typeof NodeSpec>;
export type StorageConfig = z.infer<typeof StorageSpec>;
export type RegistryConfig = z.infer<typeof RegistrySpec>;
export type IngressConfig = z.infer<typeof IngressSpec>;
export type NfsConfig = z.infer<typeof NfsSpec>;
export type NetworkConfig = z.infer<typeof NetworkSpec>;
