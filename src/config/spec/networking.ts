import { z } from 'zod';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE, METALLB_CONTROLLER_IMAGE, METALLB_SPEAKER_IMAGE } from '../../versions/images';
import { isReversedRange, parseIpv4Range } from '../../kube/ipv4';
import { DnsLabel, explain, ImageReference, Ipv4Address } from '../fields';

/** The networking layer: the CNI, LoadBalancer addresses and DNS forwarding (`spec.networking`). */

/** A MetalLB address range: a CIDR block or `first-last`. Placement on the host network is a cluster rule. */
const Ipv4AddressRange = z
  .string()
  .refine(
    (text) => parseIpv4Range(text) !== undefined || isReversedRange(text),
    explain('not an IPv4 address range', 'a CIDR block such as 10.0.3.240/28 or a range first-last such as 10.0.3.241-10.0.3.250'),
  )
  .refine(
    (text) => !isReversedRange(text),
    explain('address range is reversed: its first address comes after its last', 'the lower address first, such as 10.0.3.241-10.0.3.250'),
  );

export const FlannelSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether Flannel is installed. Turn it off only when another CNI provides pod networking.'),
    backend: z
      .enum(['vxlan', 'host-gw'])
      .default('vxlan')
      .describe('How pod traffic crosses nodes: `vxlan` (UDP 8472, works across routers) or `host-gw` (plain routes, all nodes on one layer-2 network).'),
    image: ImageReference.default(FLANNEL_IMAGE).describe('Image of flanneld.'),
    cniPluginImage: ImageReference.default(FLANNEL_CNI_PLUGIN_IMAGE).describe('Image that installs the flannel CNI plugin binary on every node.'),
  })
  .describe('The Flannel CNI: pod networking across nodes over spec.network.podCidr.');

export const MetalLbPoolSpec = z
  .strictObject({
    name: DnsLabel.describe('Pool name; names its IPAddressPool and L2Advertisement.'),
    addresses: z
      .array(Ipv4AddressRange)
      .min(1, explain('no address ranges', 'at least one range'))
      .describe('Address ranges on the host network, disjoint from node IPs and from every other pool, also of other clusters on the same network.'),
    autoAssign: z
      .boolean()
      .default(true)
      .describe('Whether any LoadBalancer Service may get an address from the pool; `false` reserves it for Services that ask for it.'),
  })
  .describe('A pool of LoadBalancer addresses, announced in layer 2 mode (ARP).');

export const MetalLbSpec = z
  .strictObject({
    enabled: z.boolean().optional().describe('Whether MetalLB is installed. - defaults to true when pools are given.'),
    pools: z.array(MetalLbPoolSpec).default([]).describe('Address pools MetalLB hands out to Services of type LoadBalancer.'),
    controllerImage: ImageReference.default(METALLB_CONTROLLER_IMAGE).describe('Image of the MetalLB controller.'),
    speakerImage: ImageReference.default(METALLB_SPEAKER_IMAGE).describe('Image of the MetalLB speaker.'),
  })
  .describe('MetalLB: addresses on the host network for Services of type LoadBalancer.');

export const DnsSpec = z
  .strictObject({
    upstreamServers: z
      .array(Ipv4Address)
      .default([])
      .describe(
        'DNS servers CoreDNS forwards names outside the cluster domain to. When set, hanok writes the kube-system/coredns ConfigMap in place of kubeadm\'s. - none: CoreDNS keeps forwarding to the nodes\' /etc/resolv.conf.',
      ),
  })
  .describe('Cluster DNS (CoreDNS).');

export const NetworkingSpec = z
  .strictObject({
    flannel: FlannelSpec.prefault({}),
    metallb: MetalLbSpec.prefault({}),
    dns: DnsSpec.prefault({}),
  })
  .describe('Networking layer: the CNI, LoadBalancer addresses and DNS forwarding.');
