import { Construct } from 'constructs';

/** A Secret the cluster needs from the operator at apply time. */
export interface SuppliedSecretInfo {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly keys: Readonly<Record<string, string>>;
  readonly purpose: string;
}

export interface SuppliedSecretProps {
  /** Secret name. */
  readonly name: string;
  /** Namespace the Secret must exist in. */
  readonly namespace: string;
  /**
   * Secret type.
   * @default 'Opaque'
   */
  readonly type?: string;
  /** Each key the manifests read, with what it holds. */
  readonly keys: Readonly<Record<string, string>>;
  /** What the Secret is for, for the operator who creates it. */
  readonly purpose: string;
}

/**
 * Declares a Secret that the operator creates at apply time. Nothing is written to dist/ but its name: the output
 * checks accept references to it, and the apply step lists it as required. Secret values never enter git.
 */
export class SuppliedSecret extends Construct {
  public readonly secretName: string;
  public readonly namespace: string;
  public readonly type: string;
  public readonly keys: Readonly<Record<string, string>>;
  public readonly purpose: string;

  constructor(scope: Construct, id: string, props: SuppliedSecretProps) {
    super(scope, id);
    if (Object.keys(props.keys).length === 0) {
      throw new Error(`supplied Secret '${props.namespace}/${props.name}': 'keys' must name at least one key`);
    }
    this.secretName = props.name;
    this.namespace = props.namespace;
    this.type = props.type ?? 'Opaque';
    this.keys = props.keys;
    this.purpose = props.purpose;
  }
}

export const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
