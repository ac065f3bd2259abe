/**
 * hanok as a library: `import { synth, HanokChart, AppDeployment } from 'hanok'`.
 *
 * This module only re-exports the public API; importing it synthesizes nothing and writes nothing (the `cdk8s synth`
 * app is `main.ts`, which this module does not import). cdk8s, constructs and cdk8s-plus-34 are peer dependencies,
 * so the charts and constructs a user creates with their own cdk8s are the same classes hanok's `instanceof`
 * checks know. Everything not exported here is internal and may change.
 */

// --- the pipeline: load, synthesize, check and write clusters ----------------------------------------------------
export { synth, synthesizeClusters, assertNoWarnings, writeOutputs, writeClusters } from './pipeline/synth';
export type { WrittenCluster } from './pipeline/synth';
export type { SynthOptions } from './pipeline/synth';
export { synthesizeCluster } from './pipeline/synthesize-cluster';
export type { ClusterOutput, SynthesizeOptions } from './pipeline/synthesize-cluster';
export type { SuppliedSecretInfo } from './constructs/supplied-secret';
export { UserError } from './config/errors';
export { APPLY_PLAN_FILE, renderApplyPlan } from './pipeline/apply-plan';
export { bundleFiles, writeBundle } from './pipeline/bundle';
export type { BundleFile, BundleOptions } from './pipeline/bundle';

// --- configuration: cluster files, their schema and the resolved cluster ------------------------------------------
export { loadClusters, parseClusterFile } from './config/load';
export { resolveCluster } from './config/cluster';
export type { Cluster, ResolveOptions } from './config/cluster';
export { ConfigError, formatProblem } from './config/problems';
export type { ConfigProblem, FieldPath } from './config/problems';
export { CLUSTER_API_VERSION, ClusterConfigSchema } from './config/schema';
export type { ClusterConfig, ClusterConfigInput, ClusterSpecConfig, NodeConfig } from './config/schema';

// --- charts: the base of every layer, and the layers of a cluster -------------------------------------------------
export { HanokChart } from './charts/hanok-chart';
export type { HanokChartProps } from './charts/hanok-chart';
export { buildPlatform } from './charts/platform';
export type { Platform } from './charts/platform';

// --- the extension point: charts of one's own beside the layers (README: "Adding your own charts") -------------------
export * from './extensions';
export { clusterJsonSchema } from './config/reference';
/** The zod hanok checks extension settings with: use it for `settings`, so both sides agree on zod's version. */
export { z } from 'zod';

// --- constructs users compose in their own charts ------------------------------------------------------------------
export { AppDeployment } from './constructs/app-deployment';
export type { AppDeploymentProps } from './constructs/app-deployment';
export { AppDaemonSet } from './constructs/app-daemon-set';
export type { AppDaemonSetProps } from './constructs/app-daemon-set';
export { AppService } from './constructs/app-service';
export type { AppServiceProps, AppServicePort, SelectablePods } from './constructs/app-service';
export { AppIngress } from './constructs/app-ingress';
export type { AppIngressProps } from './constructs/app-ingress';
export { SuppliedSecret, DOCKER_CONFIG_JSON } from './constructs/supplied-secret';
export type { SuppliedSecretProps } from './constructs/supplied-secret';
export { PrivateRegistry } from './constructs/private-registry';
export type { PrivateRegistryProps } from './constructs/private-registry';
export { NfsVolume } from './constructs/nfs-volume';
export type { AccessMode, NfsExport, NfsVolumeProps } from './constructs/nfs-volume';
export { waivePolicy, waiversOf } from './constructs/policy-waiver';
export type { PolicyRule, PolicyWaiver } from './constructs/policy-waiver';
export { RESTRICTED_SECURITY_CONTEXT, ROOT_WITHOUT_CAPABILITIES, TMP_MOUNT, TMP_VOLUME, buildContainer, resourceRequirements } from './constructs/container';
export type { ContainerProps, ResourceProps } from './constructs/container';
export type { PodTemplateProps } from './constructs/pod-template';
export { componentLabels, LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from './constructs/labels';
export type { ComponentIdentity } from './constructs/labels';
export { NodeFile } from './constructs/node-file';
export { IngressFrontend } from './constructs/ingress-frontend';
export type { IngressFrontendProps } from './constructs/ingress-frontend';
export { IntOrString } from 'cdk8s-plus-34/lib/imports/k8s';

// --- the output checks ----------------------------------------------------------------------------------------------
export { checkCluster, BUILT_IN_NAMESPACES } from './checks';
export type { AppliedWaiver, ClusterCheckInput, ClusterCheckResult } from './checks';
export { formatFailure } from './checks/manifest';
export type { CheckFailure, ManifestEntry, ManifestFile } from './checks/manifest';
export { describeObject } from './kube/objects';
export type { KubeObject } from './kube/objects';
