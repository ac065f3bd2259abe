import { Construct } from 'constructs';
import { CustomResourceDefinitions } from './custom-resource-definitions';
import { MetalLbAddressPool } from './metallb-address-pool';
import { MetalLbController } from './metallb-controller';
import { MetalLbSpeaker } from './metallb-speaker';
import { SuppliedSecret } from './supplied-secret';

/** Upstream's namespace for MetalLB. */
export const METALLB_NAMESPACE = 'metallb-system';
/** The memberlist Secret's upstream name. */
export const METALLB_MEMBERLIST_SECRET = 'memberlist';

/** One pool of LoadBalancer addresses. */
export interface MetalLbPool {
  /** Pool name (a DNS label). */
  readonly name: string;
  /** CIDR blocks or first-last ranges. */
  readonly addresses: readonly string[];
  /** @default true */
  readonly autoAssign?: boolean;
}

export interface MetalLbProps {
  /** Namespace of MetalLB; must exist. @default METALLB_NAMESPACE */
  readonly namespace?: string;
  /** Address pools, each announced in layer 2 mode. @default - none; Services of type LoadBalancer stay pending */
  readonly pools?: readonly MetalLbPool[];
  /** @default METALLB_CONTROLLER_IMAGE */
  readonly controllerImage?: string;
  /** @default METALLB_SPEAKER_IMAGE */
  readonly speakerImage?: string;
}

/**
 * MetalLB in layer 2 mode, as metallb-native.yaml installs it (CRDs, controller, speakers, admission webhook),
 * plus the cluster's address pools. It gives Services of type LoadBalancer an address on the host network.
 */
export class MetalLb extends Construct {
  public readonly namespace: string;
  public readonly crds: CustomResourceDefinitions;
  public readonly controller: MetalLbController;
  public readonly speaker: MetalLbSpeaker;
  public readonly pools: readonly MetalLbAddressPool[];

  constructor(scope: Construct, id: string, props: MetalLbProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? METALLB_NAMESPACE;
    const poolNames = (props.pools ?? []).map((pool) => pool.name);
    const duplicate = poolNames.find((name, index) => poolNames.indexOf(name) !== index);
    if (duplicate) {
      throw new Error(`MetalLB: 'pools' names the pool '${duplicate}' twice; pool names must be unique`);
    }

    this.crds = new CustomResourceDefinitions(this, 'Crds', { directory: 'metallb', appName: 'metallb' });
    // Upstream installs this Secret with kubectl. MetalLB 0.13 and later also create it when it is missing, but
    // a Secret the operator supplies keeps the key stable across reinstalls and out of git.
    new SuppliedSecret(this, 'Memberlist', {
      name: METALLB_MEMBERLIST_SECRET,
      namespace: this.namespace,
      keys: { secretkey: 'random key that encrypts the speakers\' memberlist gossip, e.g. `openssl rand -base64 128`' },
      purpose: 'MetalLB speakers agree on which node announces each LoadBalancer address',
    });
    this.controller = new MetalLbController(this, 'Controller', {
      namespace: this.namespace,
      memberlistSecretName: METALLB_MEMBERLIST_SECRET,
      image: props.controllerImage,
    });
    this.speaker = new MetalLbSpeaker(this, 'Speaker', {
      namespace: this.namespace,
      memberlistSecretName: METALLB_MEMBERLIST_SECRET,
      image: props.speakerImage,
    });
    this.pools = (props.pools ?? []).map((pool) => {
      const addressPool = new MetalLbAddressPool(this, `Pool-${pool.name}`, { namespace: this.namespace, ...pool });
      addressPool.node.addDependency(this.crds, this.controller);
      return addressPool;
    });
  }
}
