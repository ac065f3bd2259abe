import { isMetalLbEnabled } from '../derived-defaults';
import { parseIpv4, parseIpv4Range, rangeContainsAddress } from '../../kube/ipv4';
import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';

/** OpenMCP controllers whose Services are of type LoadBalancer, so need a MetalLB pool. */
const OPENMCP_LOAD_BALANCED = ['openmcp-apiserver', 'openmcp-loadbalancing-controller'];

/** Indexes of the items of a list that repeat an earlier item. */
function repeatedIndexes<T>(items: readonly T[]): number[] {
  return items.map((item, index) => (items.indexOf(item) !== index ? index : -1)).filter((index) => index >= 0);
}

/**
 * OpenMCP within one cluster: a master's lists hold no repeats, its LoadBalancer Services have a MetalLB pool and
 * the load-balancing controller's address lies in one; a member has its own pool, metrics-server (the autoscalers
 * read it) and node labels that agree with its region and zone. Masters and members across files: fleet-rules.ts.
 */
export function checkOpenMcp(config: ClusterConfig): RuleViolation[] {
  const openmcp = config.spec.openmcp;
  if (!openmcp) {
    return [];
  }
  const violations: RuleViolation[] = [];
  const base = ['spec', 'openmcp'];
  const pools = config.spec.networking.metallb.pools;
  const metalLbOn = isMetalLbEnabled(config.spec.networking.metallb);
  if (openmcp.role === 'master') {
    for (const index of repeatedIndexes(openmcp.controllers)) {
      violations.push({ path: [...base, 'controllers', index], message: 'controller listed twice', got: openmcp.controllers[index], expected: 'each controller once' });
    }
    openmcp.members.forEach((member, index) => {
      if (member === config.metadata.name) {
        violations.push({ path: [...base, 'members', index], message: 'a master cannot be its own member', got: member, expected: 'the name of another cluster' });
      }
    });
    for (const index of repeatedIndexes(openmcp.members)) {
      violations.push({ path: [...base, 'members', index], message: 'member listed twice', got: openmcp.members[index], expected: 'each member once' });
    }
    openmcp.policies.hasTargetClusters.forEach((cluster, index) => {
      if (!openmcp.members.includes(cluster)) {
        violations.push({
          path: [...base, 'policies', 'hasTargetClusters', index],
          message: 'not a member of this master',
          got: cluster,
          expected: `one of spec.openmcp.members (${openmcp.members.join(', ') || 'none'})`,
        });
      }
    });
    const loadBalanced = openmcp.controllers.filter((controller) => OPENMCP_LOAD_BALANCED.includes(controller));
    if (loadBalanced.length > 0 && (!metalLbOn || pools.length === 0)) {
      violations.push({
        path: ['spec', 'networking', 'metallb', 'pools'],
        message: `OpenMCP's ${loadBalanced.join(' and ')} need${loadBalanced.length === 1 ? 's' : ''} a LoadBalancer address, but MetalLB has no pool`,
        expected: 'MetalLB enabled with a pool of addresses on the host network (seed 001: 10.0.3.241-10.0.3.250)',
      });
    }
    // The load-balancing controller caches and writes Istio VirtualServices and DestinationRules on the master; without
    // Istio's CRDs its watches fail and it balances nothing. hanok does not install Istio.
    const lbIndex = openmcp.controllers.indexOf('openmcp-loadbalancing-controller');
    if (lbIndex >= 0 && !openmcp.istioInstalled) {
      violations.push({
        path: [...base, 'controllers', lbIndex],
        message: 'openmcp-loadbalancing-controller needs Istio on the master: it creates and updates networking.istio.io VirtualServices and DestinationRules and forwards to istio-system/istio-ingressgateway',
        got: 'openmcp-loadbalancing-controller',
        expected: 'spec.openmcp.istioInstalled: true once Istio runs on the master, or the controller left out of spec.openmcp.controllers',
      });
    }
    const lbIp = openmcp.lbControllerExternalIp;
    if (lbIp === undefined && openmcp.controllers.includes('openmcp-ingress-controller')) {
      violations.push({
        path: [...base, 'lbControllerExternalIp'],
        message: 'required with openmcp-ingress-controller, which points Ingress DNS records at the load-balancing controller (LB_EXTERNAL_IP)',
        expected: 'an address of a MetalLB pool of this cluster',
      });
    }
    if (lbIp !== undefined) {
      const address = parseIpv4(lbIp)!;
      if (!pools.some((pool) => pool.addresses.some((range) => rangeContainsAddress(parseIpv4Range(range)!, address)))) {
        violations.push({
          path: [...base, 'lbControllerExternalIp'],
          message: 'address is in no MetalLB pool of the cluster, so MetalLB cannot assign it',
          got: lbIp,
          expected: `an address in ${pools.flatMap((pool) => pool.addresses).join(', ') || 'a pool of spec.networking.metallb.pools'}`,
        });
      }
    }
  } else {
    if (openmcp.master === config.metadata.name) {
      violations.push({ path: [...base, 'master'], message: 'a member cannot be its own master', got: openmcp.master, expected: 'the name of the master cluster' });
    }
    if (!metalLbOn || pools.length === 0) {
      violations.push({
        path: ['spec', 'networking', 'metallb', 'pools'],
        message: 'an OpenMCP member needs a MetalLB pool of its own: OpenMCPServices are LoadBalancer Services (seed 001, join step 5)',
        expected: 'MetalLB enabled with a pool disjoint from the other clusters\' pools',
      });
    }
    // OpenMCP's DNS controller points an OpenMCPIngress's records at the address each member's ingress controller
    // publishes into the Ingress status (ingressDNSRecord.go); a NodePort controller publishes none.
    if (config.spec.ingress.enabled && config.spec.ingress.serviceType !== 'LoadBalancer') {
      violations.push({
        path: ['spec', 'ingress', 'serviceType'],
        message: 'an OpenMCP member\'s ingress controller needs a LoadBalancer address: OpenMCP\'s DNS records point at the address it publishes into each Ingress\'s status',
        got: config.spec.ingress.serviceType,
        expected: 'LoadBalancer (an address from the member\'s MetalLB pool)',
      });
    }
    if (!config.spec.metrics.metricsServer.enabled) {
      violations.push({
        path: ['spec', 'metrics', 'metricsServer', 'enabled'],
        message: 'an OpenMCP member needs metrics-server: the HorizontalPodAutoscalers and the VPA recommender read the metrics API',
        got: false,
        expected: 'true',
      });
    }
    const placement: Record<string, string> = { 'topology.kubernetes.io/region': openmcp.region, 'topology.kubernetes.io/zone': openmcp.zone };
    config.spec.nodes.forEach((node, index) => {
      for (const [key, value] of Object.entries(placement)) {
        if (node.labels[key] !== undefined && node.labels[key] !== value) {
          violations.push({
            path: ['spec', 'nodes', index, 'labels', key],
            message: 'contradicts the OpenMCP placement of the cluster, which labels every node',
            got: node.labels[key],
            expected: `${JSON.stringify(value)} (spec.openmcp.${key.endsWith('region') ? 'region' : 'zone'}) or no such label`,
          });
        }
      }
    });
  }
  return violations;
}
