import { KubeObject } from '../../src/kube/objects';
import { haproxyPorts, platformTopologyDot } from '../../src/topology';
import { drawSvgs } from '../../src/pipeline/output-worker';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster } from '../helpers';

const HAPROXY = `frontend ingress-http
    bind *:80
    default_backend http-nodeport

backend http-nodeport
    server n1 10.0.0.2:30080 check
`;

const gatewayObjects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'gw', namespace: 'gateway' }, spec: { type: 'NodePort', selector: { app: 'gw' }, ports: [{ port: 80, nodePort: 30080 }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gw', namespace: 'gateway' }, spec: { template: { metadata: { labels: { app: 'gw' } }, spec: { containers: [] } } } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'main', namespace: 'gateway' }, spec: { listeners: [{ protocol: 'HTTP', port: 80 }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'apps' }, spec: { hostnames: ['web.example.org'], parentRefs: [{ name: 'main', namespace: 'gateway' }], rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' }, spec: { selector: { app: 'web' }, ports: [{ port: 8080 }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } } },
];

describe('platform topology', () => {
  test('reads the front end ports from haproxy.cfg', () => {
    expect(haproxyPorts(HAPROXY)).toEqual([{ listen: 80, nodePort: 30080 }]);
  });

  test('draws a Gateway API path generically: HAProxy → NodePort Service → controller, Gateway → HTTPRoute → Service → workload', () => {
    const dot = platformTopologyDot({
      cluster: exampleCluster('lab'),
      objects: gatewayObjects.map((object) => ({ layer: 'ingress', object })),
      nodeFiles: new Map([['haproxy/haproxy.cfg', HAPROXY]]),
    });
    const edges = [...dot.matchAll(/^ {2}"([^"]+)" -> "([^"]+)"/gm)].map((match) => `${match[1]} -> ${match[2]}`);
    expect(edges).toEqual([
      'haproxy -> Service/gateway/gw',
      'Service/gateway/gw -> Deployment/gateway/gw',
      'HTTPRoute/apps/web -> Service/apps/web',
      'Gateway/gateway/main -> HTTPRoute/apps/web',
      'Service/apps/web -> Deployment/apps/web',
      'Deployment/gateway/gw -> Gateway/gateway/main',
    ]);
    expect(dot).toContain('HTTPRoute apps/web\\nweb.example.org');
  });

  test('is byte-identical across runs', () => {
    const first = synthesizeCluster(exampleCluster('lab')).files.get('topology.svg');
    expect(synthesizeCluster(exampleCluster('lab')).files.get('topology.svg')).toBe(first);
    expect(first).toMatch(/^<\?xml/);
  });

  test('fails with Graphviz message on bad DOT', () => {
    expect(() => drawSvgs([['topology.svg', 'digraph { a -> }']])).toThrow(/^Graphviz failed: /);
  });
});
