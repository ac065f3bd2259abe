import { Chart, Testing } from 'cdk8s';
import { OpenMcpExampleApp, OpenMcpExampleAppProps } from '../../src/constructs/openmcp-example-app';

function synth(props: OpenMcpExampleAppProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpExampleApp(chart, 'Example', props);
  return Testing.synth(chart);
}

describe('OpenMcpExampleApp', () => {
  test('minimal: seed 001\'s walkthrough, each object depending on what it refers to', () => {
    // GIVEN / WHEN
    const objects = synth();
    // THEN
    expect(objects).toMatchSnapshot();
    const order = objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect([...order].sort()).toEqual([
      'OpenMCPDeployment/openmcp-deployment',
      'OpenMCPDomain/openmcp-service-domain',
      'OpenMCPHybridAutoScaler/openmcp-has',
      'OpenMCPIngress/openmcp-ingress',
      'OpenMCPIngressDNSRecord/openmcp-ingress',
      'OpenMCPService/openmcp-service',
      'OpenMCPServiceDNSRecord/openmcp-service',
    ]);
    const before = (first: string, then: string) => expect(order.indexOf(first)).toBeLessThan(order.indexOf(then));
    before('OpenMCPDeployment/openmcp-deployment', 'OpenMCPService/openmcp-service');
    before('OpenMCPService/openmcp-service', 'OpenMCPIngress/openmcp-ingress');
    before('OpenMCPDomain/openmcp-service-domain', 'OpenMCPServiceDNSRecord/openmcp-service');
    before('OpenMCPIngress/openmcp-ingress', 'OpenMCPIngressDNSRecord/openmcp-ingress');
    before('OpenMCPDeployment/openmcp-deployment', 'OpenMCPHybridAutoScaler/openmcp-has');
    const has = objects.find((object) => object.kind === 'OpenMCPHybridAutoScaler')!;
    expect(has.spec.scalingOptions.hpaTemplate.spec).toMatchObject({ scaleTargetRef: { kind: 'OpenMCPDeployment', name: 'openmcp-deployment' }, minReplicas: 2, maxReplicas: 10 });
    expect(has.spec.scalingOptions.hpaTemplate.spec.metrics[1].object.target).toEqual({ type: 'Value', value: 100 });
  });

  test('all props', () => {
    // GIVEN
    const all: Required<OpenMcpExampleAppProps> = { namespace: 'demo', domain: 'demo.example.org', image: 'nginx:1.27.3', replicas: 2 };
    // WHEN
    const objects = synth(all);
    // THEN
    expect(objects.find((object) => object.kind === 'OpenMCPDomain')!.domain).toBe('demo.example.org');
    expect(objects.filter((object) => object.kind !== 'OpenMCPDomain').every((object) => object.metadata.namespace === 'demo')).toBe(true);
    expect(objects.find((object) => object.kind === 'OpenMCPDeployment')!.spec.replicas).toBe(2);
  });
});
