import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/externalsecrets-external-secrets.io';

export interface SuppliedExternalSecretProps {
  /** Name of the Secret the operator creates, and of the ExternalSecret. */
  readonly name: string;
  readonly namespace: string;
  /**
   * Type of the Secret.
   * @default 'Opaque'
   */
  readonly type?: string;
  /** The Secret's keys; each is read from property `<key>` of `remoteKey`. */
  readonly keys: readonly string[];
  /** Key of the Secret in the store, e.g. `hanok/lab/monitoring/grafana-admin`. */
  readonly remoteKey: string;
  /** The SecretStore or ClusterSecretStore. */
  readonly storeName: string;
  /**
   * Kind of the store.
   * @default 'ClusterSecretStore'
   */
  readonly storeKind?: 'ClusterSecretStore' | 'SecretStore';
  /**
   * How often the operator reads the values again (a Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /** Labels of the ExternalSecret (hanok's recommended labels). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Annotations of the ExternalSecret, such as Argo CD's sync wave.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * An External Secrets Operator ExternalSecret for one Secret the manifests need: it names the store, the remote key
 * and one property per Secret key, never a value. The operator owns the Secret it creates and keeps it when the
 * remote key disappears (deletionPolicy Retain), so a store outage never empties a running cluster's Secrets.
 */
export class SuppliedExternalSecret extends Construct {
  public readonly resource: ExternalSecret;

  constructor(scope: Construct, id: string, props: SuppliedExternalSecretProps) {
    super(scope, id);
    const refreshInterval = props.refreshInterval ?? '1h';
    if (props.keys.length === 0) {
      throw new Error(`ExternalSecret '${props.namespace}/${props.name}': 'keys' must name at least one key`);
    }
    if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(refreshInterval)) {
      throw new Error(`ExternalSecret '${props.namespace}/${props.name}': 'refreshInterval' must be a Go duration such as 1h (got '${refreshInterval}')`);
    }
    this.resource = new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels }, ...(props.annotations ? { annotations: { ...props.annotations } } : {}) },
      spec: {
        refreshInterval,
        secretStoreRef: {
          kind: props.storeKind === 'SecretStore' ? ExternalSecretSpecSecretStoreRefKind.SECRET_STORE : ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
          name: props.storeName,
        },
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: { type: props.type ?? 'Opaque' },
        },
        data: props.keys.map((key) => ({ secretKey: key, remoteRef: { key: props.remoteKey, property: key } })),
      },
    });
  }
}
