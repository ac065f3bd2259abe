import { Chart, Testing } from 'cdk8s';
import { OpenMcpDeployment } from '../../src/constructs/openmcp-deployment';
import { OpenMcpIngress, OpenMcpIngressProps } from '../../src/constructs/openmcp-ingress';
import { OpenMcpService } from '../../src/constructs/openmcp-service';

function setup(namespace = 'openmcp') {
  const chart = new Chart(Testing.app(), 'test');
  const target = new OpenMcpDeployment(chart, `Deployment-${namespace}`, { name: 'web', namespace, containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] });
  const service = new OpenMcpService(chart, `Service-${namespace}`, { name: 'web', target, ports: [{ name: 'http', port: 80 }] });
  return { chart, service };
}

describe('OpenMcpIngress', () => {
  test('minimal: a host routed to the Service\'s first port, with the backends the v0.0.1 controller reads', () => {
    // GIVEN
    const { chart, service } = setup();
    // WHEN
    const ingress = new OpenMcpIngress(chart, 'Ingress', { name: 'web', rules: [{ host: 'openmcp.service.org', paths: [{ service }] }] });
    // THEN
    const object = Testing.synth(chart).find((candidate) => candidate.kind === 'OpenMCPIngress')!;
    expect(object).toMatchSnapshot();
    expect(object.spec.template.spec.rules).toEqual([
      { host: 'openmcp.service.org', http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 80 } }] } },
    ]);
    expect(ingress.hosts).toEqual(['openmcp.service.org']);
  });

  test('all props', () => {
    // GIVEN
    const { chart, service } = setup();
    const all: Required<OpenMcpIngressProps> = {
      name: 'web',
      rules: [
        { host: 'a.example.org', paths: [{ service, path: '/api', port: 'http' }] },
        { host: 'b.example.org', paths: [{ service, path: '/', port: 80 }] },
      ],
    };
    // WHEN
    new OpenMcpIngress(chart, 'Ingress', all);
    // THEN
    const object = Testing.synth(chart).find((candidate) => candidate.kind === 'OpenMCPIngress')!;
    expect(object).toMatchSnapshot();
    expect(object.spec.template.spec.rules[0].http.paths[0].backend).toEqual({ serviceName: 'web', servicePort: 'http' });
  });

  test('fails on an unknown port, a bad host, a repeated host, no rules or Services in two namespaces', () => {
    const { chart, service } = setup();
    const other = setup('shop').service;
    expect(() => new OpenMcpIngress(chart, 'A', { name: 'web', rules: [{ host: 'a.example.org', paths: [{ service, port: 8080 }] }] })).toThrow(
      "OpenMCPIngress 'web': 'rules[0].paths[0].port' 8080 is not a port of OpenMCPService 'web'",
    );
    expect(() => new OpenMcpIngress(chart, 'B', { name: 'web', rules: [{ host: 'localhost', paths: [{ service }] }] })).toThrow("'rules[0].host' must be a DNS name");
    expect(() => new OpenMcpIngress(chart, 'C', { name: 'web', rules: [{ host: 'a.example.org', paths: [{ service }] }, { host: 'a.example.org', paths: [{ service }] }] })).toThrow("host 'a.example.org' has two rules");
    expect(() => new OpenMcpIngress(chart, 'D', { name: 'web', rules: [] })).toThrow("'rules' must hold at least one host");
    expect(() => new OpenMcpIngress(chart, 'E', { name: 'web', rules: [{ host: 'a.example.org', paths: [{ service }, { service: other, path: '/shop' }] }] })).toThrow(
      'every Service must be in one namespace',
    );
  });
});
