/**
 * The extension point: charts of your own beside hanok's layers, and what they are built with. The package's entry
 * point exports all of it, with the pipeline that runs extensions (`synth`, `synthesizeClusters`).
 */
export { z } from 'zod';
export { defineExtension, LAYER_NAMES } from './extension';
export type { ExtensionContext, ExtensionDefinition, HanokExtension, LayerName } from './extension';
export { loadExtensionModule } from './load-extensions';
export { HanokChart } from '../charts/hanok-chart';
export type { HanokChartProps } from '../charts/hanok-chart';
export type { Platform } from '../charts/platform';
export type { Cluster } from '../config/cluster';
export { AppDeployment } from '../constructs/app-deployment';
export type { AppDeploymentProps } from '../constructs/app-deployment';
export { AppService } from '../constructs/app-service';
export type { AppServiceProps, AppServicePort } from '../constructs/app-service';
export { AppIngress } from '../constructs/app-ingress';
export type { AppIngressProps } from '../constructs/app-ingress';
export { IngressFrontend } from '../constructs/ingress-frontend';
export { PrivateRegistry } from '../constructs/private-registry';
export { SuppliedSecret } from '../constructs/supplied-secret';
export type { SuppliedSecretProps } from '../constructs/supplied-secret';
export { waivePolicy } from '../constructs/policy-waiver';
export type { PolicyRule, PolicyWaiver } from '../constructs/policy-waiver';
export { RESTRICTED_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from '../constructs/container';
export type { ComponentIdentity } from '../constructs/labels';
export { clusterJsonSchema } from '../config/reference';
export { IntOrString } from 'cdk8s-plus-34/lib/imports/k8s';
