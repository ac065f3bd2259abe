import { z } from 'zod';
import { DnsSubdomain, Ipv4Address, Ipv4Cidr, Labels } from '../fields';

/** The machines of a cluster and the address plan they sit in (`spec.nodes`, `spec.network`). */

export const NodeRole = z.enum(['control-plane', 'worker']);

export const NodeSpec = z
  .strictObject({
    name: DnsSubdomain.describe('Node name, as kubeadm registers it (the host name).'),
    ip: Ipv4Address.describe('The node\'s address on the host network.'),
    roles: z
      .array(NodeRole)
      .min(1)
      .default(['worker'])
      .describe('What the node runs: `control-plane`, `worker`, or both.'),
    labels: Labels.default({}).describe('Extra node labels, applied when the node registers.'),
    arch: z
      .enum(['amd64', 'arm64'])
      .default('amd64')
      .describe('CPU architecture (Debian and OCI name): which image platform and which packages the air-gap bundle carries for the node.'),
  })
  .describe('A machine of the cluster.');

export const NetworkSpec = z
  .strictObject({
    hostCidr: Ipv4Cidr.describe('The network the nodes are on. Node IPs must lie in it; pod and service CIDRs must not overlap it.'),
    podCidr: Ipv4Cidr.default('10.244.0.0/16').describe('Pod network (kubeadm `podSubnet`, Flannel `Network`).'),
    serviceCidr: Ipv4Cidr.default('10.96.0.0/12').describe('Service network (kubeadm `serviceSubnet`).'),
    clusterDomain: DnsSubdomain.default('cluster.local').describe('DNS domain of the cluster\'s Services.'),
  })
  .describe('Address plan of the cluster.');
