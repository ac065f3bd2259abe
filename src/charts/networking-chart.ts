import { Construct } from 'constructs';
import { DeepReadonly, ResolvedNetworkingConfig } from '../config/cluster';
import { NetworkConfig } from '../config/schema';
import { CoreDnsForwarding } from '../constructs/core-dns-forwarding';
import { Flannel, FLANNEL_NAMESPACE } from '../constructs/flannel';
import { MetalLb, METALLB_NAMESPACE } from '../constructs/metallb';
import { HanokChart } from './hanok-chart';

export interface NetworkingChartProps {
  /** The cluster's address plan: Flannel routes `podCidr`, CoreDNS serves `clusterDomain`. */
  readonly network: DeepReadonly<NetworkConfig>;
  /** The resolved section: whether MetalLB runs and which DNS servers CoreDNS forwards to are decided. */
  readonly networking: DeepReadonly<ResolvedNetworkingConfig>;
}

/** Whether the networking layer has anything to write for this configuration. */
export function hasNetworking(networking: DeepReadonly<ResolvedNetworkingConfig>): boolean {
  return networking.flannel.enabled || networking.metallb.enabled || networking.dns.upstreamServers.length > 0;
}

/**
 * Networking layer (seed 002 §10, seed 001 §5): the Flannel CNI every other pod needs, MetalLB for Services of type
 * LoadBalancer, and optionally CoreDNS forwarding. Applied first; the other layers depend on it.
 */
export class NetworkingChart extends HanokChart {
  public readonly flannel?: Flannel;
  /** MetalLB, when enabled: Services of type LoadBalancer get addresses from its pools. */
  public readonly metalLb?: MetalLb;
  public readonly coreDns?: CoreDnsForwarding;

  constructor(scope: Construct, id: string, props: NetworkingChartProps) {
    super(scope, id, { layer: 'networking' });
    const { flannel, metallb, dns } = props.networking;

    if (flannel.enabled) {
      this.addNamespace(FLANNEL_NAMESPACE, {
        enforce: 'privileged',
        reason: 'kube-flannel configures the node\'s network: it needs the host network, host paths (CNI configuration, xtables lock) and NET_ADMIN/NET_RAW',
      });
      this.flannel = new Flannel(this, 'Flannel', {
        podCidr: props.network.podCidr,
        backend: flannel.backend,
        image: flannel.image,
        cniPluginImage: flannel.cniPluginImage,
      });
    }

    if (metallb.enabled) {
      this.addNamespace(METALLB_NAMESPACE, {
        enforce: 'privileged',
        reason: 'the MetalLB speakers answer ARP for Service addresses: they need the host network and NET_RAW, as upstream labels the namespace',
      });
      this.metalLb = new MetalLb(this, 'MetalLb', {
        namespace: METALLB_NAMESPACE,
        pools: metallb.pools,
        controllerImage: metallb.controllerImage,
        speakerImage: metallb.speakerImage,
      });
    }

    if (dns.upstreamServers.length > 0) {
      // Replaces kubeadm's kube-system/coredns ConfigMap; see CoreDnsForwarding.
      this.coreDns = new CoreDnsForwarding(this, 'CoreDns', {
        upstreamServers: dns.upstreamServers,
        clusterDomain: props.network.clusterDomain,
      });
    }
  }
}
