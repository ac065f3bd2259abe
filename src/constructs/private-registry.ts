import { Construct } from 'constructs';
import { DOCKER_CONFIG_JSON, SuppliedSecret } from './supplied-secret';

export interface PrivateRegistryProps {
  /** Host name images are pulled from, e.g. `registry.localtest.com`. */
  readonly host: string;
  /** Name of the pull Secret (`kubernetes.io/dockerconfigjson`), supplied at apply time. */
  readonly pullSecretName: string;
}

/**
 * The cluster's private registry as the other layers see it: where their images live and which Secret pulls them.
 * Layers receive this object rather than a host name, so the host is written once.
 */
export class PrivateRegistry {
  public readonly host: string;
  public readonly pullSecretName: string;

  constructor(props: PrivateRegistryProps) {
    this.host = props.host;
    this.pullSecretName = props.pullSecretName;
  }

  /** The reference of an image kept in this registry. */
  public image(repository: string, tag: string): string {
    if (!tag || tag === 'latest') {
      throw new Error(`image '${repository}' in registry '${this.host}' needs a pinned tag (got ${JSON.stringify(tag)})`);
    }
    return `${this.host}/${repository}:${tag}`;
  }

  /**
   * Declares the pull Secret as supplied at apply time in `namespace` and returns the names to put in a pod's
   * `imagePullSecrets`.
   */
  public pullSecretsIn(scope: Construct, namespace: string): string[] {
    const id = `PullSecret-${namespace}`;
    if (!scope.node.tryFindChild(id)) {
      new SuppliedSecret(scope, id, {
        name: this.pullSecretName,
        namespace,
        type: DOCKER_CONFIG_JSON,
        keys: { '.dockerconfigjson': `credentials for ${this.host}` },
        purpose: `pulls images from the private registry ${this.host}`,
      });
    }
    return [this.pullSecretName];
  }
}
