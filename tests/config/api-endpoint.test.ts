import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleDocument, problemsOf } from '../helpers';

/** lab with test-node3 as a second control plane. */
function twoControlPlanes(document: any): void {
  document.spec.nodes[3].roles = ['control-plane'];
}

describe('API endpoint of a cluster with several control planes', () => {
  test('with one control plane nothing changes: the endpoint is its address, HAProxy fronts the ingress only', () => {
    const output = synthesizeCluster(clusterWith('lab', () => undefined));
    expect(output.cluster.spec.controlPlaneEndpoint).toBe('192.168.111.169:6443');
    expect(output.files.get('nodes/haproxy/haproxy.cfg')).not.toContain('6443');
  });

  test('two control planes and the HAProxy address: HAProxy balances 6443 over both and is the endpoint', () => {
    const cluster = clusterWith('lab', (d) => {
      twoControlPlanes(d);
      d.spec.ingress.loadBalancer = { address: '192.168.111.160' };
    });
    expect(cluster.spec.controlPlaneEndpoint).toBe('192.168.111.160:6443');
    expect(cluster.spec.ingress.loadBalancer.apiServers).toEqual([
      { name: 'test-master', ip: '192.168.111.169' },
      { name: 'test-node3', ip: '192.168.111.170' },
    ]);
    const output = synthesizeCluster(cluster);
    const haproxy = output.files.get('nodes/haproxy/haproxy.cfg')!;
    expect(haproxy).toContain('    server test-master 192.168.111.169:6443 check\n    server test-node3 192.168.111.170:6443 check');
    expect(output.files.get('nodes/kubeadm/test-master.yaml')).toContain('controlPlaneEndpoint: 192.168.111.160:6443');
    expect(output.files.get('nodes/kubeadm/test-node1.yaml')).toContain('apiServerEndpoint: 192.168.111.160:6443');
    expect(output.files.get('nodes/hosts')).toContain('192.168.111.160\thaproxy');
    expect(output.files.get('nodes/firewall/haproxy.ports')).toContain('6443');
  });

  test('a controlPlaneEndpoint of the user\'s own wins, and HAProxy leaves the API alone', () => {
    const cluster = clusterWith('lab', (d) => {
      twoControlPlanes(d);
      d.spec.controlPlaneEndpoint = 'api.lab.example.org:6443';
      d.spec.ingress.loadBalancer = { address: '192.168.111.160', hostname: 'lb' };
    });
    expect(cluster.spec.controlPlaneEndpoint).toBe('api.lab.example.org:6443');
    expect(cluster.spec.ingress.loadBalancer.apiServers).toEqual([]);
    const output = synthesizeCluster(cluster);
    expect(output.files.get('nodes/haproxy/haproxy.cfg')).not.toContain('6443');
    expect(output.files.get('nodes/hosts')).toContain('192.168.111.160\tlb');
  });

  test('fails with two control planes, no endpoint and no HAProxy address', () => {
    const document = exampleDocument('lab');
    twoControlPlanes(document);
    expect(problemsOf(document)).toEqual([
      expect.stringContaining('spec.ingress.loadBalancer.address: required with 2 control planes (test-master, test-node3) and no spec.controlPlaneEndpoint: HAProxy balances the API over them and its host is the API endpoint (expected the IPv4 address of the HAProxy host, or a spec.controlPlaneEndpoint of your own)'),
    ]);
  });

  test('fails with two control planes, no endpoint and the HAProxy front end off', () => {
    const document = exampleDocument('lab');
    twoControlPlanes(document);
    document.spec.ingress.loadBalancer = { enabled: false, address: '192.168.111.160' };
    expect(problemsOf(document)).toEqual([expect.stringContaining('spec.controlPlaneEndpoint: 2 control planes (test-master, test-node3) need one API endpoint')]);
  });

  test('fails when the HAProxy host is a control plane, or an address a MetalLB pool hands out', () => {
    const onControlPlane = exampleDocument('lab');
    twoControlPlanes(onControlPlane);
    onControlPlane.spec.ingress.loadBalancer = { address: '192.168.111.170' };
    expect(problemsOf(onControlPlane)).toEqual([expect.stringContaining('spec.ingress.loadBalancer.address: is control plane test-node3, whose API server already listens on port 6443')]);
    const inPool = exampleDocument('lab');
    inPool.spec.ingress.loadBalancer = { address: '192.168.111.205' };
    expect(problemsOf(inPool).join('\n')).toContain('the HAProxy host (spec.ingress.loadBalancer.address)');
  });
});
