import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { isDnsLabel } from '../kube/names';
import { isIpv4 } from '../kube/ipv4';
import { componentLabels } from './labels';

export interface CoreDnsForwardingProps {
  /** DNS servers that resolve every name outside the cluster domain, in the order CoreDNS may try them. */
  readonly upstreamServers: readonly string[];
  /** The cluster's Service domain (kubeadm `dnsDomain`). @default 'cluster.local' */
  readonly clusterDomain?: string;
}

/**
 * Points the cluster's CoreDNS at given DNS servers instead of the nodes' /etc/resolv.conf (upstream OpenMCP
 * forwards to its PowerDNS server this way).
 *
 * This writes the `coredns` ConfigMap in kube-system, which kubeadm creates and owns: applying it replaces
 * kubeadm's Corefile. The Corefile is kubeadm's own for Kubernetes 1.27 to 1.33, with only the `forward` target
 * changed, so nothing else about cluster DNS differs. `kubeadm upgrade` keeps an existing Corefile (migrating it
 * to a new CoreDNS version when needed), so compare this one with kubeadm's default after upgrades. CoreDNS
 * reloads the file by itself (`reload` plugin) once the kubelet has refreshed the mounted ConfigMap.
 */
export class CoreDnsForwarding extends Construct {
  public readonly corefile: string;
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: CoreDnsForwardingProps) {
    super(scope, id);
    if (props.upstreamServers.length === 0) {
      throw new Error(`CoreDNS forwarding: 'upstreamServers' must name at least one DNS server`);
    }
    props.upstreamServers.forEach((server, index) => {
      if (!isIpv4(server)) {
        throw new Error(`CoreDNS forwarding: 'upstreamServers[${index}]' must be an IPv4 address such as 10.0.3.12 (got ${JSON.stringify(server)})`);
      }
    });
    const duplicate = props.upstreamServers.find((server, index) => props.upstreamServers.indexOf(server) !== index);
    if (duplicate) {
      throw new Error(`CoreDNS forwarding: 'upstreamServers' lists ${duplicate} twice`);
    }
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    if (!clusterDomain.split('.').every(isDnsLabel)) {
      throw new Error(`CoreDNS forwarding: 'clusterDomain' must be a DNS name such as cluster.local (got ${JSON.stringify(clusterDomain)})`);
    }
    this.corefile = kubeadmCorefile(clusterDomain, props.upstreamServers);
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: 'coredns', namespace: 'kube-system', labels: componentLabels({ appName: 'coredns', component: 'dns' }) },
      data: { Corefile: this.corefile },
    });
  }
}

/** kubeadm's default Corefile, forwarding to `upstreamServers` instead of /etc/resolv.conf. */
function kubeadmCorefile(clusterDomain: string, upstreamServers: readonly string[]): string {
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '       lameduck 5s',
    '    }',
    '    ready',
    `    kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {`,
    '       pods insecure',
    '       fallthrough in-addr.arpa ip6.arpa',
    '       ttl 30',
    '    }',
    '    prometheus :9153',
    `    forward . ${upstreamServers.join(' ')} {`,
    '       max_concurrent 1000',
    '    }',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}
