import { Chart, Testing } from 'cdk8s';
import { OpenMcpDeployment } from '../../src/constructs/openmcp-deployment';
import { OpenMcpDomain } from '../../src/constructs/openmcp-domain';
import { OpenMcpIngress } from '../../src/constructs/openmcp-ingress';
import { OpenMcpService } from '../../src/constructs/openmcp-service';
import { OpenMcpServiceDnsRecord, OpenMcpServiceDnsRecordProps } from '../../src/constructs/openmcp-service-dns-record';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const target = new OpenMcpDeployment(chart, 'Deployment', { name: 'web', containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] });
  const service = new OpenMcpService(chart, 'Service', { name: 'openmcp-service', target, ports: [{ port: 80 }] });
  const ingress = new OpenMcpIngress(chart, 'Ingress', { name: 'openmcp-ingress', rules: [{ host: 'openmcp.service.org', paths: [{ service }] }] });
  return { chart, service, ingress };
}

const byKind = (chart: Chart, kind: string) => Testing.synth(chart).find((object) => object.kind === kind)!;

describe('OpenMcpServiceDnsRecord', () => {
  test('minimal: named like its Service, pointing at its domain, TTL 300', () => {
    const { chart, service } = setup();
    const domain = new OpenMcpDomain(chart, 'Domain', { name: 'openmcp-service-domain', domain: 'openmcp.service.org' });
    new OpenMcpServiceDnsRecord(chart, 'Record', { service, domain });
    const record = byKind(chart, 'OpenMCPServiceDNSRecord');
    expect(record).toMatchSnapshot();
    expect(record).toMatchObject({ metadata: { name: 'openmcp-service', namespace: 'openmcp' }, spec: { domainRef: 'openmcp-service-domain', recordTTL: 300 } });
  });

  test('all props', () => {
    const { chart, service } = setup();
    const domain = new OpenMcpDomain(chart, 'Domain', { name: 'd', domain: 'a.example.org' });
    const all: Required<OpenMcpServiceDnsRecordProps> = { service, domain, recordTtl: 60 };
    new OpenMcpServiceDnsRecord(chart, 'Record', all);
    expect(byKind(chart, 'OpenMCPServiceDNSRecord').spec).toEqual({ domainRef: 'd', recordTTL: 60 });
  });

  test('fails on a negative TTL', () => {
    const { chart, service } = setup();
    const domain = new OpenMcpDomain(chart, 'Domain', { name: 'd', domain: 'a.example.org' });
    expect(() => new OpenMcpServiceDnsRecord(chart, 'Record', { service, domain, recordTtl: -1 })).toThrow("'recordTtl' must be a whole number of seconds of at least 0 (got -1)");
  });
});
