import { Construct } from 'constructs';
import { IpAddressPool } from '../../imports/ipaddresspools-metallb.io';
import { L2Advertisement } from '../../imports/l2advertisements-metallb.io';
import { parseIpv4Range } from '../kube/ipv4';
import { componentLabels } from './labels';
import { requireDnsLabel } from '../kube/validate';

export interface MetalLbAddressPoolProps {
  /** Namespace of MetalLB, where its configuration objects live. */
  readonly namespace: string;
  /** Pool name; names the IPAddressPool and its L2Advertisement. */
  readonly name: string;
  /** Address ranges, each a CIDR block (`10.0.3.240/28`) or a first-last range (`10.0.3.241-10.0.3.250`). */
  readonly addresses: readonly string[];
  /**
   * Whether MetalLB hands out these addresses to any LoadBalancer Service. With `false` a Service gets one only
   * by asking for the pool (annotation `metallb.universe.tf/address-pool`) or for an address in it.
   * @default true
   */
  readonly autoAssign?: boolean;
}

/**
 * One MetalLB address pool announced in layer 2 mode: an IPAddressPool and the L2Advertisement that announces
 * exactly that pool (seed 001 §5, in today's MetalLB configuration objects instead of the `config` ConfigMap).
 */
export class MetalLbAddressPool extends Construct {
  public readonly name: string;
  public readonly addresses: readonly string[];
  public readonly pool: IpAddressPool;
  public readonly advertisement: L2Advertisement;

  constructor(scope: Construct, id: string, props: MetalLbAddressPoolProps) {
    super(scope, id);
    requireDnsLabel('MetalLB address pool', 'name', props.name, 'a DNS label (lower-case letters, digits and "-")');
    if (props.addresses.length === 0) {
      throw new Error(`MetalLB address pool '${props.name}': 'addresses' must hold at least one range`);
    }
    props.addresses.forEach((range, index) => {
      if (!parseIpv4Range(range)) {
        throw new Error(
          `MetalLB address pool '${props.name}': 'addresses[${index}]' must be a CIDR block or a first-last IPv4 range such as 10.0.3.241-10.0.3.250 (got ${JSON.stringify(range)})`,
        );
      }
    });
    this.name = props.name;
    this.addresses = props.addresses;
    const labels = componentLabels({ appName: 'metallb', component: 'address-pool' });
    this.pool = new IpAddressPool(this, 'Pool', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { addresses: [...props.addresses], autoAssign: props.autoAssign ?? true },
    });
    this.advertisement = new L2Advertisement(this, 'L2Advertisement', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { ipAddressPools: [props.name] },
    });
  }
}
