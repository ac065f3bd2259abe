import { z } from 'zod';
import { DEFAULT_KUBERNETES_VERSION } from '../versions/compatibility-matrix';
import {
  isInWindow,
  KUBERNETES_VERSION_PATTERN,
  NEWEST_MINOR,
  normalizeKubernetesVersion,
  WINDOW_TEXT,
} from '../versions/kubernetes-releases';
import { PatchSpec, WorkloadsSpec } from './customization';
import { DnsLabel, explain, HostPort } from './fields';
import { NetworkSpec, NodeSpec } from './spec/nodes';
import { NfsSpec, StorageSpec } from './spec/storage';
import { RegistrySpec, RegistryTlsSpec } from './spec/registry';
import { IngressSpec } from './spec/ingress';
import { MetricsSpec } from './spec/metrics';
import { MetalLbSpec, NetworkingSpec } from './spec/networking';
import { OpenFxFunctionSpec, OpenFxSpec } from './spec/openfx';
import { BootstrapRegistrySpec, ImageOverrideSpec, ImagesSpec } from './spec/images';
import { OpenMcpMasterSpec, OpenMcpMemberSpec, OpenMcpSpec } from './spec/openmcp';

/**
 * The cluster configuration schema: the one definition of what a file in `clusters/` may contain. TypeScript types
 * are inferred from it and `schema/cluster.schema.json` is generated from it (`npm run generate`).
 *
 * Every object is strict: an unknown key is an error, so a typo is never silently ignored.
 */

export const CLUSTER_API_VERSION = 'hanok.dev/v1alpha1';

// Each layer's part of the schema lives in ./spec/<layer>.ts; this module is the one every importer uses.
export * from './spec/nodes';
export * from './spec/storage';
export * from './spec/registry';
export * from './spec/ingress';
export * from './spec/metrics';
export * from './spec/networking';
export * from './spec/openfx';
export * from './spec/images';
export * from './spec/openmcp';

export const ClusterSpec = z.strictObject({
  bases: z
    .array(z.string().min(1).max(1024))
    .max(16)
    .optional()
    .describe(
      'Base files (`kind: ClusterBase`) whose spec this cluster inherits and overrides, relative to this file and merged in order: maps merge, an explicit null removes, lists are replaced except nodes, MetalLB pools, image overrides and OpenFx functions (merged by name; `$patch: delete` removes an item) and patches (appended). - no bases.',
    ),
  kubernetesVersion: z
    .string()
    .regex(KUBERNETES_VERSION_PATTERN, explain('not a Kubernetes version', 'MAJOR.MINOR.PATCH such as 1.36.1, optionally with a leading v'))
    .overwrite(normalizeKubernetesVersion)
    .refine(
      (version) => !KUBERNETES_VERSION_PATTERN.test(version) || isInWindow(version),
      explain('unsupported Kubernetes version', `a version of Kubernetes ${WINDOW_TEXT} (kubeadm before 1.31 cannot read kubeadm.k8s.io/v1beta4; hanok knows no minor after ${NEWEST_MINOR})`),
    )
    .default(DEFAULT_KUBERNETES_VERSION)
    .describe(
      `Kubernetes version kubeadm installs, MAJOR.MINOR.PATCH (\`v1.36.1\` is read as \`1.36.1\`). hanok supports ${WINDOW_TEXT}; a minor past its upstream end of life gives a warning, and every enabled component must support the minor (see \`hanok versions\`). - the newest patch of the newest minor every default component supports.`,
    ),
  controlPlaneEndpoint: HostPort.optional().describe(
    'Address of the Kubernetes API. - with one control plane, its IP on port 6443; with two or more, the HAProxy host (`spec.ingress.loadBalancer.address`) on port 6443, which balances the API over the control planes.',
  ),
  network: NetworkSpec,
  networking: NetworkingSpec.prefault({}),
  nodes: z.array(NodeSpec).min(1, explain('no nodes', 'at least one node')),
  nfs: NfsSpec,
  storage: StorageSpec.prefault({}),
  registry: RegistrySpec,
  images: ImagesSpec.prefault({}),
  ingress: IngressSpec.prefault({}),
  metrics: MetricsSpec.prefault({}),
  openfx: OpenFxSpec.prefault({}),
  openmcp: OpenMcpSpec.optional(),
  workloads: WorkloadsSpec.default({}),
  patches: z
    .array(PatchSpec)
    .max(200)
    .default([])
    .describe('Patches on the generated objects, kustomize style, applied in order after spec.workloads and before the output checks.'),
  extensions: z
    .strictObject({})
    .default({})
    .describe(
      'Settings of the extensions hanok runs with (`--extensions`, see the README\'s "Adding your own charts"), one section per extension name, each with the fields its extension declares; an extension builds its charts for the clusters that have its section. Unknown names are errors. - no extension runs.',
    ),
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
export type RegistryTlsConfig = z.infer<typeof RegistryTlsSpec>;
export type IngressConfig = z.infer<typeof IngressSpec>;
export type NfsConfig = z.infer<typeof NfsSpec>;
export type NetworkConfig = z.infer<typeof NetworkSpec>;
export type NetworkingConfig = z.infer<typeof NetworkingSpec>;
export type MetalLbConfig = z.infer<typeof MetalLbSpec>;
export type MetricsConfig = z.infer<typeof MetricsSpec>;
export type ImagesConfig = z.infer<typeof ImagesSpec>;
export type BootstrapRegistryConfig = z.infer<typeof BootstrapRegistrySpec>;
export type ImageOverrideConfig = z.infer<typeof ImageOverrideSpec>;
export type OpenFxConfig = z.infer<typeof OpenFxSpec>;
export type OpenFxFunctionConfig = z.infer<typeof OpenFxFunctionSpec>;
export type OpenMcpConfig = z.infer<typeof OpenMcpSpec>;
export type OpenMcpMasterConfig = z.infer<typeof OpenMcpMasterSpec>;
export type OpenMcpMemberConfig = z.infer<typeof OpenMcpMemberSpec>;
