import { Chart, Testing } from 'cdk8s';
import { OpenMcpDeployment } from '../../src/constructs/openmcp-deployment';
import { OpenMcpService, OpenMcpServiceProps } from '../../src/constructs/openmcp-service';

function setup(ports = [{ name: 'http', containerPort: 80 }]) {
  const chart = new Chart(Testing.app(), 'test');
  const target = new OpenMcpDeployment(chart, 'Deployment', { name: 'web', labels: { app: 'web-nginx' }, containers: [{ name: 'nginx', image: 'nginx:1.27.3', ports }] });
  return { chart, target };
}

describe('OpenMcpService', () => {
  test('minimal: a LoadBalancer Service selecting the target deployment\'s labels', () => {
    // GIVEN
    const { chart, target } = setup();
    // WHEN
    new OpenMcpService(chart, 'Service', { name: 'web', target, ports: [{ port: 80 }] });
    // THEN
    const service = Testing.synth(chart).find((object) => object.kind === 'OpenMCPService')!;
    expect(service).toMatchSnapshot();
    expect(service.spec).toEqual({
      labelselector: { app: 'web-nginx' },
      template: { spec: { type: 'LoadBalancer', selector: { app: 'web-nginx' }, ports: [{ port: 80, protocol: 'TCP' }] } },
    });
  });

  test('all props', () => {
    // GIVEN
    const { chart, target } = setup([{ name: 'http', containerPort: 80 }, { name: 'metrics', containerPort: 9113 }]);
    const all: Required<OpenMcpServiceProps> = {
      name: 'web',
      target,
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9113, targetPort: 9113, protocol: 'TCP' }],
    };
    // WHEN
    new OpenMcpService(chart, 'Service', all);
    // THEN
    const service = Testing.synth(chart).find((object) => object.kind === 'OpenMCPService')!;
    expect(service).toMatchSnapshot();
    expect(service.spec.template.spec.ports.map((port: any) => port.targetPort)).toEqual(['http', 9113]);
  });

  test('fails on a target port the deployment does not have, unnamed ports of a multi-port Service or no ports', () => {
    const { chart, target } = setup();
    expect(() => new OpenMcpService(chart, 'A', { name: 'web', target, ports: [{ port: 80, targetPort: 8080 }] })).toThrow(
      "OpenMCPService 'web': 'ports[0].targetPort' 8080 is not a port of OpenMCPDeployment 'web' (it has http)",
    );
    expect(() => new OpenMcpService(chart, 'B', { name: 'web', target, ports: [{ port: 80 }, { port: 81, targetPort: 80 }] })).toThrow("'ports[0].name' is required when the Service has several ports");
    expect(() => new OpenMcpService(chart, 'C', { name: 'web', target, ports: [] })).toThrow("'ports' must hold at least one port");
    expect(() => new OpenMcpService(chart, 'D', { name: 'web', target, ports: [{ port: 0 }] })).toThrow("'ports[0].port' must be a port number from 1 to 65535 (got 0)");
  });
});
