import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { OpenFxMonitoring, OpenFxMonitoringProps } from '../../src/constructs/openfx-monitoring';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

const MINIMAL: OpenFxMonitoringProps = { namespace: 'openfx', gateway: { name: 'fxgateway', namespace: 'openfx' } };

function synth(props: OpenFxMonitoringProps) {
  const chart = new Chart(Testing.app(), 'test');
  const monitoring = new OpenFxMonitoring(chart, 'Monitoring', props);
  return { chart, monitoring, objects: Testing.synth(chart) };
}

function prometheusYaml(objects: any[]): any {
  return yaml.load(findObject(objects, 'ConfigMap', 'prometheus-configuration').data['prometheus.yml']);
}

describe('OpenFxMonitoring', () => {
  test('minimal: upstream names, Prometheus scraping itself and the gateway by DNS, emptyDirs, ClusterIP', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(prometheusYaml(objects)).toEqual({
      global: { scrape_interval: '15s', evaluation_interval: '15s' },
      scrape_configs: [
        { job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] },
        { job_name: 'gateway', dns_sd_configs: [{ names: ['fxgateway.openfx'], type: 'A', port: 10000 }] },
      ],
    });
    expect(objects.filter((object) => ['PersistentVolume', 'PersistentVolumeClaim', 'ClusterRole', 'ServiceAccount'].includes(object.kind))).toEqual([]);
    for (const service of objects.filter((object) => object.kind === 'Service')) {
      expect(service.spec.type).toBe('ClusterIP');
    }
  });

  test('Grafana is grafana-core selected by app: grafana, component: core behind Service grafana, provisioned, never admin/admin', () => {
    // GIVEN / WHEN
    const { objects, chart } = synth(MINIMAL);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'grafana-core');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'grafana', component: 'core' });
    expect(deployment.metadata.labels).toMatchObject({ app: 'grafana', component: 'core' });
    expect(findObject(objects, 'Service', 'grafana').spec.selector).toEqual({ app: 'grafana', component: 'core' });
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana', key: 'admin-username' } } });
    expect(env).toContainEqual({ name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana', key: 'admin-password' } } });
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const secrets = chart.node.findAll().filter((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret);
    expect(secrets.map((secret) => [secret.namespace, secret.secretName, Object.keys(secret.keys)])).toEqual([['openfx', 'grafana', ['admin-username', 'admin-password']]]);
    const datasources: any = yaml.load(findObject(objects, 'ConfigMap', 'grafana-core-datasources').data['datasources.yaml']);
    expect(datasources.datasources).toEqual([expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus.openfx.svc:9090' })]);
    const dashboard = JSON.parse(findObject(objects, 'ConfigMap', 'grafana-core-dashboards').data['openfx-gateway.json']);
    expect(dashboard.uid).toBe('openfx-gateway');
    const exprs: string[] = dashboard.panels.map((panel: any) => panel.targets[0].expr);
    expect(exprs.some((expr) => expr.includes('rate(gateway_function_invocation_total{job="gateway"}'))).toBe(true);
    expect(exprs.some((expr) => expr.includes('histogram_quantile(0.95') && expr.includes('gateway_functions_seconds_bucket{job="gateway"}'))).toBe(true);
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
    }
  });

  test('all props', () => {
    // GIVEN
    const props: Required<OpenFxMonitoringProps> = {
      namespace: 'openfx',
      gateway: { name: 'fxgateway', namespace: 'openfx' },
      gatewayPort: 10000,
      nodeAddresses: ['192.168.111.169', '192.168.111.172'],
      nodeExporterPort: 9101,
      nfs: { server: '192.168.111.177', exportPath: '/share_storage' },
      prometheusStorageSize: '5Gi',
      grafanaStorageSize: '2Gi',
      prometheusImage: 'mirror.local/prom/prometheus:v3.5.0',
      grafanaImage: 'mirror.local/grafana/grafana:11.6.1',
      scrapeInterval: '30s',
      retention: '7d',
      prometheusNodePort: 31119,
      grafanaNodePort: 30949,
      grafanaAdminSecretName: 'openfx-grafana',
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    const jobs = prometheusYaml(objects).scrape_configs;
    expect(jobs.find((job: any) => job.job_name === 'node-exporter').static_configs[0].targets).toEqual(['192.168.111.169:9101', '192.168.111.172:9101']);
    expect(findObject(objects, 'Service', 'prometheus').spec).toMatchObject({ type: 'NodePort', selector: { app: 'prometheus' }, ports: [{ port: 9090, nodePort: 31119 }] });
    expect(findObject(objects, 'Service', 'grafana').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 3000, nodePort: 30949 }] });
    expect(findObject(objects, 'PersistentVolume', 'pv-openfx-prometheus').spec.nfs).toEqual({ server: '192.168.111.177', path: '/share_storage/openfx-prometheus' });
    expect(findObject(objects, 'PersistentVolume', 'pv-openfx-grafana').spec.nfs).toEqual({ server: '192.168.111.177', path: '/share_storage/openfx-grafana' });
    expect(findObject(objects, 'Deployment', 'prometheus').spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pvc-openfx-prometheus' } });
    expect(findObject(objects, 'Deployment', 'grafana-core').spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pvc-openfx-grafana' } });
  });

  test('fails on a scrape interval that is no duration', () => {
    expect(() => synth({ ...MINIMAL, scrapeInterval: '15' })).toThrow("'scrapeInterval' must be a Prometheus duration");
  });
});
