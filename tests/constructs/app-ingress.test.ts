import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { Chart, Testing } from 'cdk8s';
import { AppDeployment } from '../../src/constructs/app-deployment';
import { AppIngress } from '../../src/constructs/app-ingress';
import { AppService } from '../../src/constructs/app-service';
import { findObject } from '../helpers';

function serviceIn(scope: Chart): AppService {
  const deployment = new AppDeployment(scope, 'Deployment', {
    name: 'demo', appName: 'demo', component: 'server', namespace: 'demo',
    containers: [{ name: 'demo', image: 'example.org/demo:1.0.0', resources: { cpu: '10m', memory: '32Mi' } }],
  });
  return new AppService(scope, 'Service', { name: 'svc-demo', appName: 'demo', component: 'server', target: deployment, ports: [{ name: 'http', port: 8080 }] });
}

describe('AppIngress', () => {
  test('publishes every path of one host to one Service port, in the Service\'s namespace', () => {
    // GIVEN
    const scope = new Chart(Testing.app(), 'test');
    const service = serviceIn(scope);
    // WHEN
    new AppIngress(scope, 'Ingress', {
      name: 'ingress-demo', appName: 'demo', component: 'server', host: 'demo.example.org', frontend: new IngressFrontend({ className: 'nginx' }), service, port: 8080,
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' },
    });
    // THEN
    const ingress = findObject(Testing.synth(scope), 'Ingress', 'ingress-demo');
    expect(ingress.metadata).toMatchObject({ namespace: 'demo', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' } });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'demo.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc-demo', port: { number: 8080 } } } }] } }],
    });
  });

  test('fails when the port is not one of the Service\'s', () => {
    const scope = new Chart(Testing.app(), 'test');
    const service = serviceIn(scope);
    expect(() => new AppIngress(scope, 'Ingress', { name: 'ingress-demo', appName: 'demo', component: 'server', host: 'demo.example.org', frontend: new IngressFrontend({ className: 'nginx' }), service, port: 80 })).toThrow(
      "Ingress 'ingress-demo': 'port' 80 is not a port of Service 'svc-demo' (it has 8080)",
    );
  });

  const GATEWAY = new IngressFrontend({
    className: 'traefik',
    httpListener: { gatewayName: 'cluster-gateway', gatewayNamespace: 'traefik', sectionName: 'http' },
    tlsPassthroughListener: { gatewayName: 'cluster-gateway', gatewayNamespace: 'traefik', sectionName: 'tls-passthrough' },
  });

  test('with a Gateway: an HTTPRoute on its http listener instead of an Ingress', () => {
    const scope = new Chart(Testing.app(), 'test');
    const service = serviceIn(scope);
    new AppIngress(scope, 'Ingress', { name: 'demo', appName: 'demo', component: 'server', host: 'demo.example.org', frontend: GATEWAY, service, port: 8080, annotations: { a: 'b' } });
    const objects = Testing.synth(scope);
    expect(objects.filter((object) => object.kind === 'Ingress')).toEqual([]);
    const route = findObject(objects, 'HTTPRoute', 'demo');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.namespace).toBe('demo');
    expect(route.metadata.annotations).toBeUndefined();
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'cluster-gateway', namespace: 'traefik', sectionName: 'http' }],
      hostnames: ['demo.example.org'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'svc-demo', port: 8080 }] }],
    });
  });

  test('an HTTPS backend behind a Gateway gets a TLSRoute on the passthrough listener', () => {
    const scope = new Chart(Testing.app(), 'test');
    const service = serviceIn(scope);
    new AppIngress(scope, 'Ingress', { name: 'demo', appName: 'demo', component: 'server', host: 'demo.example.org', frontend: GATEWAY, service, port: 8080, backendProtocol: 'HTTPS' });
    expect(findObject(Testing.synth(scope), 'TLSRoute', 'demo').spec.parentRefs[0].sectionName).toBe('tls-passthrough');
  });

  test('fails when an HTTPS backend needs a passthrough listener the Gateway lacks', () => {
    const scope = new Chart(Testing.app(), 'test');
    const service = serviceIn(scope);
    const frontend = new IngressFrontend({ className: 'traefik', httpListener: GATEWAY.httpListener });
    expect(() => new AppIngress(scope, 'Ingress', { name: 'demo', appName: 'demo', component: 'server', host: 'demo.example.org', frontend, service, port: 8080, backendProtocol: 'HTTPS' })).toThrow(
      "Ingress 'demo': an HTTPS backend needs a Gateway with a TLS passthrough listener, and 'frontend' has none",
    );
  });
});
