import { Chart } from 'cdk8s';
import { ExternalSecret } from '../../imports/externalsecrets-external-secrets.io';
import { FleetConfig } from '../config/fleet';
import { KubeObject } from '../kube/objects';
import type { SuppliedSecretInfo } from '../constructs/supplied-secret';
import { LAYER_LABEL, LayerFile } from './stages';
import { SuppliedExternalSecret } from './supplied-external-secret';

/** Argo CD applies the ExternalSecrets in the first wave, with the namespaces, so the Secrets exist before any pod. */
export const SECRETS_WAVE = '0';

export type ExternalSecretsConfig = NonNullable<FleetConfig['spec']['externalSecrets']>;

/** `<keyPrefix>/<cluster>/<namespace>/<secret>`: where the store keeps one Secret, one property per key. */
export function remoteKey(config: ExternalSecretsConfig, cluster: string, secret: Pick<SuppliedSecretInfo, 'namespace' | 'name'>): string {
  return `${config.keyPrefix}/${cluster}/${secret.namespace}/${secret.name}`;
}

/**
 * One ExternalSecret per supplied Secret, the same list as `secrets.example`: it names the store and the remote key
 * and property of each Secret key, never a value. Each goes with the layer that creates its namespace.
 */
export function buildExternalSecrets(
  chart: Chart,
  config: ExternalSecretsConfig,
  cluster: string,
  secrets: readonly SuppliedSecretInfo[],
  layers: readonly LayerFile[],
): Map<string, ExternalSecret[]> {
  const byLayer = new Map<string, ExternalSecret[]>();
  for (const secret of secrets) {
    const layer =
      layers.find((candidate) => candidate.objects.some((object) => object.kind === 'Namespace' && object.metadata.name === secret.namespace)) ??
      layers.find((candidate) => candidate.objects.some((object) => object.metadata.namespace === secret.namespace)) ??
      layers[0];
    const object = new SuppliedExternalSecret(chart, `${secret.namespace}-${secret.name}`, {
      name: secret.name,
      namespace: secret.namespace,
      type: secret.type,
      keys: Object.keys(secret.keys),
      remoteKey: remoteKey(config, cluster, secret),
      storeName: config.storeName,
      storeKind: config.storeKind,
      refreshInterval: config.refreshInterval,
      labels: {
        'app.kubernetes.io/name': secret.name,
        'app.kubernetes.io/component': 'secret',
        [LAYER_LABEL]: layer.chart,
        'app.kubernetes.io/managed-by': 'hanok',
      },
      annotations: { 'argocd.argoproj.io/sync-wave': SECRETS_WAVE },
    }).resource;
    byLayer.set(layer.name, [...(byLayer.get(layer.name) ?? []), object]);
  }
  return byLayer;
}

export function isExternalSecret(object: KubeObject): boolean {
  return object.kind === 'ExternalSecret' && object.apiVersion.startsWith('external-secrets.io/');
}
