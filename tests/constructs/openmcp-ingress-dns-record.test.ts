import { Chart, Testing } from 'cdk8s';
import { OpenMcpDeployment } from '../../src/constructs/openmcp-deployment';
import { OpenMcpIngress } from '../../src/constructs/openmcp-ingress';
import { OpenMcpIngressDnsRecord, OpenMcpIngressDnsRecordProps } from '../../src/constructs/openmcp-ingress-dns-record';
import { OpenMcpService } from '../../src/constructs/openmcp-service';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const target = new OpenMcpDeployment(chart, 'Deployment', { name: 'web', containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] });
  const service = new OpenMcpService(chart, 'Service', { name: 'openmcp-service', target, ports: [{ port: 80 }] });
  const ingress = new OpenMcpIngress(chart, 'Ingress', { name: 'openmcp-ingress', rules: [{ host: 'openmcp.service.org', paths: [{ service }] }] });
  return { chart, service, ingress };
}

const byKind = (chart: Chart, kind: string) => Testing.synth(chart).find((object) => object.kind === kind)!;

describe('OpenMcpIngressDnsRecord', () => {
  test('minimal: named like its Ingress, TTL 300', () => {
    const { chart, ingress } = setup();
    new OpenMcpIngressDnsRecord(chart, 'Record', { ingress });
    const record = byKind(chart, 'OpenMCPIngressDNSRecord');
    expect(record).toMatchSnapshot();
    expect(record).toMatchObject({ metadata: { name: 'openmcp-ingress', namespace: 'openmcp' }, spec: { recordTTL: 300 } });
  });

  test('all props', () => {
    const { chart, ingress } = setup();
    const all: Required<OpenMcpIngressDnsRecordProps> = { ingress, recordTtl: 30 };
    new OpenMcpIngressDnsRecord(chart, 'Record', all);
    expect(byKind(chart, 'OpenMCPIngressDNSRecord').spec).toEqual({ recordTTL: 30 });
  });

  test('fails on a fractional TTL', () => {
    const { chart, ingress } = setup();
    expect(() => new OpenMcpIngressDnsRecord(chart, 'Record', { ingress, recordTtl: 1.5 })).toThrow("'recordTtl' must be a whole number of seconds");
  });
});
