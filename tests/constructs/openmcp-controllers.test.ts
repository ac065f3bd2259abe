import { Chart, Testing } from 'cdk8s';
import { OpenMcpControllerName } from '../../src/versions/component-options';
import { OpenMcpControllers, OpenMcpControllersProps } from '../../src/constructs/openmcp-controllers';
import { INFLUXDB_CREDENTIALS_SECRET } from '../../src/constructs/openmcp-influxdb';
import { findObject } from '../helpers';

const BASE: OpenMcpControllersProps = {
  controllers: [],
  imagePullSecrets: ['registry-pull'],
  pullSecretName: 'registry-pull',
  externalIp: '10.0.0.10',
  influxDbNodePort: 30003,
  analyticEngineNodePort: 30001,
  metricCollectorNodePort: 30002,
  apiServerNodePort: 30000,
  loadBalancingControllerNodePort: 30004,
  powerDns: { internalIp: '10.0.0.53', apiPort: 8081, apiKeySecretName: 'powerdns-api-key' },
  apiServerSecretName: 'openmcp-apiserver',
  apiServerTlsSecretName: 'openmcp-apiserver-tls',
  loadBalancerAddresses: true,
};

function synth(controllers: OpenMcpControllerName[], props: Partial<OpenMcpControllersProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const set = new OpenMcpControllers(chart, 'Controllers', { ...BASE, controllers, ...props });
  return { set, objects: Testing.synth(chart) };
}

function envOf(objects: any[], name: string): Record<string, unknown> {
  const container = findObject(objects, 'Deployment', name).spec.template.spec.containers[0];
  return Object.fromEntries((container.env ?? []).map((variable: any) => [variable.name, variable.value ?? variable.valueFrom]));
}

describe('OpenMcpControllers', () => {
  test('runs the enabled controllers, in name order', () => {
    const { set } = synth(['openmcp-scheduler', 'openmcp-analytic-engine']);
    expect([...set.controllers.keys()]).toEqual(['openmcp-analytic-engine', 'openmcp-scheduler']);
  });

  test('the analytic engine and its clients reach each other through the master address and NodePorts', () => {
    const { objects } = synth(['openmcp-analytic-engine', 'openmcp-has-controller']);
    expect(envOf(objects, 'openmcp-analytic-engine')).toMatchObject({
      INFLUX_IP: '10.0.0.10',
      INFLUX_PORT: '30003',
      INFLUX_USERNAME: { secretKeyRef: { name: INFLUXDB_CREDENTIALS_SECRET, key: 'INFLUXDB_USERNAME' } },
    });
    expect(envOf(objects, 'openmcp-has-controller')).toMatchObject({ GRPC_SERVER: '10.0.0.10', GRPC_PORT: '30001' });
    expect(findObject(objects, 'Service', 'openmcp-analytic-engine').spec).toMatchObject({ type: 'NodePort', ports: [expect.objectContaining({ nodePort: 30001 })] });
  });

  test('the DNS controller and the API server get their supplied Secrets only when enabled', () => {
    const secretsOf = (objects: any[]) => objects.filter((object) => object.kind === 'Secret').map((object) => object.metadata.name);
    expect(secretsOf(synth(['openmcp-scheduler']).objects)).toEqual([]);
    const { set } = synth(['openmcp-dns-controller', 'openmcp-apiserver']);
    const supplied = set.node.findAll().map((construct) => construct.node.id);
    expect(supplied).toEqual(expect.arrayContaining(['PowerDnsApiKey', 'ApiServerCredentials', 'ApiServerTls']));
  });

  test('the DNS controller writes to the PowerDNS API with the supplied key', () => {
    const { objects } = synth(['openmcp-dns-controller']);
    expect(envOf(objects, 'openmcp-dns-controller')).toMatchObject({
      PDNS_IP: '10.0.0.53',
      PDNS_PORT: '8081',
      PDNS_API_KEY: { secretKeyRef: { name: 'powerdns-api-key', key: 'api-key' } },
    });
  });

  test('fails when the cluster manager is enabled', () => {
    expect(() => synth(['openmcp-cluster-manager'])).toThrow(/^openmcp: openmcp-cluster-manager cannot be enabled/);
  });

  test('fails when a LoadBalancer controller has no address pool', () => {
    expect(() => synth(['openmcp-loadbalancing-controller'], { loadBalancerAddresses: false })).toThrow(
      "openmcp: openmcp-loadbalancing-controller needs a LoadBalancer address, but 'metalLb' has no address pool",
    );
  });
});
