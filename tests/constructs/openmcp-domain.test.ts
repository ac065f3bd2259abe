import { Chart, Testing } from 'cdk8s';
import { OpenMcpDeployment } from '../../src/constructs/openmcp-deployment';
import { OpenMcpDomain, OpenMcpDomainProps } from '../../src/constructs/openmcp-domain';
import { OpenMcpIngress } from '../../src/constructs/openmcp-ingress';
import { OpenMcpService } from '../../src/constructs/openmcp-service';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const target = new OpenMcpDeployment(chart, 'Deployment', { name: 'web', containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] });
  const service = new OpenMcpService(chart, 'Service', { name: 'openmcp-service', target, ports: [{ port: 80 }] });
  const ingress = new OpenMcpIngress(chart, 'Ingress', { name: 'openmcp-ingress', rules: [{ host: 'openmcp.service.org', paths: [{ service }] }] });
  return { chart, service, ingress };
}

const byKind = (chart: Chart, kind: string) => Testing.synth(chart).find((object) => object.kind === kind)!;

describe('OpenMcpDomain', () => {
  test('minimal: in kubefed\'s namespace, with the domain at the top level', () => {
    const { chart } = setup();
    new OpenMcpDomain(chart, 'Domain', { name: 'openmcp-service-domain', domain: 'openmcp.service.org' });
    const domain = byKind(chart, 'OpenMCPDomain');
    expect(domain).toMatchSnapshot();
    expect(domain).toMatchObject({ metadata: { namespace: 'kube-federation-system' }, domain: 'openmcp.service.org' });
    expect(domain.spec).toBeUndefined();
  });

  test('all props', () => {
    const { chart } = setup();
    const all: Required<OpenMcpDomainProps> = { name: 'shop', domain: 'shop.example.org', namespace: 'federation' };
    new OpenMcpDomain(chart, 'Domain', all);
    expect(byKind(chart, 'OpenMCPDomain')).toMatchSnapshot();
  });

  test('fails on a domain that is no DNS name with two labels', () => {
    const { chart } = setup();
    expect(() => new OpenMcpDomain(chart, 'A', { name: 'd', domain: 'localhost' })).toThrow("OpenMCPDomain 'd': 'domain' must be a DNS name with at least two labels");
    expect(() => new OpenMcpDomain(chart, 'B', { name: 'D', domain: 'a.org' })).toThrow("OpenMCPDomain: 'name' must be a DNS label");
  });
});
