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
      name: 'ingress-demo', appName: 'demo', component: 'server', host: 'demo.example.org', ingressClassName: 'nginx', service, port: 8080,
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
    expect(() => new AppIngress(scope, 'Ingress', { name: 'ingress-demo', appName: 'demo', component: 'server', host: 'demo.example.org', ingressClassName: 'nginx', service, port: 80 })).toThrow(
      "Ingress 'ingress-demo': 'port' 80 is not a port of Service 'svc-demo' (it has 8080)",
    );
  });
});
