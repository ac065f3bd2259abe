import { Chart, Testing } from 'cdk8s';
import { CoreDnsForwarding, CoreDnsForwardingProps } from '../../src/constructs/core-dns-forwarding';
import { findObject } from '../helpers';

const MINIMAL: CoreDnsForwardingProps = { upstreamServers: ['10.0.3.12'] };

function synth(props: CoreDnsForwardingProps) {
  const chart = new Chart(Testing.app(), 'test');
  const dns = new CoreDnsForwarding(chart, 'CoreDns', props);
  return { dns, objects: Testing.synth(chart) };
}

describe('CoreDnsForwarding', () => {
  test('minimal: kubeadm\'s coredns ConfigMap, forwarding to the given server', () => {
    // GIVEN / WHEN
    const { objects, dns } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    const configMap = findObject(objects, 'ConfigMap', 'coredns');
    expect(configMap.metadata.namespace).toBe('kube-system');
    expect(configMap.data).toEqual({ Corefile: dns.corefile });
    expect(dns.corefile).toContain('    kubernetes cluster.local in-addr.arpa ip6.arpa {\n');
    expect(dns.corefile).toContain('    forward . 10.0.3.12 {\n       max_concurrent 1000\n    }\n');
    expect(dns.corefile).not.toContain('/etc/resolv.conf');
  });

  test('keeps the rest of kubeadm\'s Corefile: health, ready, metrics, cache, loop detection, reload', () => {
    const { dns } = synth(MINIMAL);
    for (const line of ['    errors', '    ready', '    prometheus :9153', '    cache 30', '    loop', '    reload', '    loadbalance']) {
      expect(dns.corefile.split('\n')).toContain(line);
    }
  });

  test('all props', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<CoreDnsForwardingProps> = { upstreamServers: ['10.0.3.12', '10.0.3.13'], clusterDomain: 'openmcp.local' };
    // WHEN
    const { objects, dns } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(dns.corefile).toContain('kubernetes openmcp.local in-addr.arpa ip6.arpa {');
    expect(dns.corefile).toContain('forward . 10.0.3.12 10.0.3.13 {');
  });

  test('fails without servers, on a server that is no IPv4 address, or on a repeated one', () => {
    expect(() => synth({ upstreamServers: [] })).toThrow("CoreDNS forwarding: 'upstreamServers' must name at least one DNS server");
    expect(() => synth({ upstreamServers: ['10.0.3.12', 'dns.example.org'] })).toThrow(
      "CoreDNS forwarding: 'upstreamServers[1]' must be an IPv4 address such as 10.0.3.12 (got \"dns.example.org\")",
    );
    expect(() => synth({ upstreamServers: ['10.0.3.12', '10.0.3.12'] })).toThrow("'upstreamServers' lists 10.0.3.12 twice");
  });

  test('fails on a cluster domain that is no DNS name', () => {
    expect(() => synth({ ...MINIMAL, clusterDomain: 'Cluster Local' })).toThrow("CoreDNS forwarding: 'clusterDomain' must be a DNS name such as cluster.local (got \"Cluster Local\")");
  });
});
