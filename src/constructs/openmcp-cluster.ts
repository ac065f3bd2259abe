import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpclusters-openmcp.k8s.io';
import { isHostOrAddress } from '../kube/names';
import { isIpv4 } from '../kube/ipv4';
import { componentLabels } from './labels';
import { OPENMCP_NAMESPACE } from './openmcp-controller';
import { requireDnsLabel } from '../kube/validate';

/** Where the platform runs: OpenMCP's cluster manager treats `On-Premise` members as MetalLB sites. */
export const OPENMCP_ON_PREMISE = 'On-Premise';

export interface OpenMcpClusterProps {
  /** The member's cluster name; must equal its KubeFedCluster's name, which the controllers pair it with. */
  readonly clusterName: string;
  /** Address (or host name) of the member's Kubernetes API server (`serverIP`), as in its kubeconfig's server URL. */
  readonly serverIp: string;
  /** Region of the member's nodes (`nodeInfo.region`). */
  readonly region: string;
  /** Zone of the member's nodes (`nodeInfo.zone`). */
  readonly zone: string;
  /** `internal`: on the master's network; `external`: reached from outside. @default 'internal' */
  readonly networkLocation?: 'internal' | 'external';
  /** The member's LoadBalancer address range (`metalLBRange`). @default - none */
  readonly metalLbRange?: { readonly addressFrom: string; readonly addressTo: string };
  /** Namespace the controllers read OpenMCPClusters from; they list only `openmcp`. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
}

/**
 * The master's record of one member cluster: an `OpenMCPCluster` in namespace `openmcp` with `joinStatus: JOIN`.
 * The scheduler places replicas only on members whose record says JOIN (openmcp-scheduler
 * predicates/cluster_join_check.go), and the load-balancing controller scores members by `nodeInfo`. Upstream's API
 * server writes the record with UNJOIN and its cluster manager sets JOIN after its own kubefed join; hanok joins
 * members with `openmcp-join.sh` (kubefedctl) and declares the record here, from the member's cluster file. The
 * cluster manager, if it runs, only stamps `joinStatusTime` on it. No kubeconfig is written: the credentials stay in
 * kubefed's Secret.
 */
export class OpenMcpCluster extends Construct {
  public readonly clusterName: string;
  public readonly namespace: string;
  public readonly apiObject: omcp.OpenMcpCluster;

  constructor(scope: Construct, id: string, props: OpenMcpClusterProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPCluster', 'clusterName', props.clusterName, 'a cluster name (a DNS label)');
    const where = `OpenMCPCluster '${props.clusterName}'`;
    if (!isHostOrAddress(props.serverIp)) {
      throw new Error(`${where}: 'serverIp' must be the IPv4 address or host name of the member's API server (got ${JSON.stringify(props.serverIp)})`);
    }
    for (const field of ['region', 'zone'] as const) {
      if (!/^[A-Z]{2}$/.test(props[field])) {
        throw new Error(`${where}: '${field}' must be a two-letter code such as ${field === 'region' ? 'AS' : 'KR'} (got ${JSON.stringify(props[field])})`);
      }
    }
    const range = props.metalLbRange;
    if (range && (!isIpv4(range.addressFrom) || !isIpv4(range.addressTo))) {
      throw new Error(`${where}: 'metalLbRange' must hold two IPv4 addresses (got ${JSON.stringify(range)})`);
    }
    this.clusterName = props.clusterName;
    this.namespace = props.namespace ?? OPENMCP_NAMESPACE;
    this.apiObject = new omcp.OpenMcpCluster(this, 'Resource', {
      metadata: { name: props.clusterName, namespace: this.namespace, labels: componentLabels({ appName: 'openmcp', component: 'member-cluster' }) },
      spec: {
        serverIp: props.serverIp,
        clusterPlatformType: OPENMCP_ON_PREMISE,
        clusterNetworkLocation: props.networkLocation ?? 'internal',
        joinStatus: omcp.OpenMcpClusterSpecJoinStatus.JOIN,
        nodeInfo: { region: props.region, zone: props.zone },
        metalLbRange: range ? { addressFrom: range.addressFrom, addressTo: range.addressTo } : undefined,
      },
    });
  }
}
