import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { kubernetesPodsDashboard, nodeExporterDashboard } from '../../src/constructs/grafana-dashboards';
import { GrafanaServer, GrafanaServerProps } from '../../src/constructs/grafana-server';
import { GRAFANA_IMAGE } from '../../src/versions/images';
import { PrometheusServer } from '../../src/constructs/prometheus-server';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

const MINIMAL: GrafanaServerProps = { namespace: 'monitoring' };

function synth(props: GrafanaServerProps) {
  const chart = new Chart(Testing.app(), 'test');
  const server = new GrafanaServer(chart, 'Grafana', props);
  return { chart, server, objects: Testing.synth(chart) };
}

describe('GrafanaServer', () => {
  test('minimal: admin credentials from a supplied Secret, provisioning ConfigMaps, no Secret written', () => {
    // GIVEN / WHEN
    const { objects, server } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ConfigMap/grafana-datasources',
      'ConfigMap/grafana-dashboard-providers',
      'ConfigMap/grafana-dashboards',
      'Deployment/grafana',
      'Service/grafana',
    ]);
    expect(server.adminSecret).toBeInstanceOf(SuppliedSecret);
    expect(server.adminSecret).toMatchObject({ secretName: 'grafana-admin', namespace: 'monitoring' });
    expect(Object.keys(server.adminSecret.keys)).toEqual(['admin-user', 'admin-password']);
    const container = findObject(objects, 'Deployment', 'grafana').spec.template.spec.containers[0];
    expect(container.image).toBe(GRAFANA_IMAGE);
    expect(container.env.slice(0, 2)).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-user' } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } } },
    ]);
  });

  test('all props', () => {
    // GIVEN: the OpenFx layer's Grafana (grafana-core, Secret `grafana` with upstream's keys)
    const props: Required<GrafanaServerProps> = {
      namespace: 'openfx',
      name: 'grafana-core',
      serviceName: 'grafana',
      selectorLabels: { app: 'grafana', component: 'core' },
      image: 'mirror.local/grafana/grafana:11.6.1',
      adminSecretName: 'grafana',
      adminUserKey: 'admin-username',
      adminPasswordKey: 'admin-password',
      datasources: [
        { name: 'Prometheus', type: 'prometheus', url: 'http://prometheus.openfx.svc:9090', isDefault: true, uid: 'prom', jsonData: { timeInterval: '15s' } },
      ],
      dashboards: [{ name: 'nodes', model: nodeExporterDashboard('prom') }],
      storage: { claimName: 'pvc-grafana' },
      serviceType: 'NodePort',
      nodePort: 30949,
      ingressHost: 'grafana.example.org',
      frontend: new IngressFrontend({ className: 'nginx' }),
      resources: { cpu: '100m', memory: '100Mi' },
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    const deployment = findObject(objects, 'Deployment', 'grafana-core');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'grafana', component: 'core' });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pvc-grafana' } });
    expect(findObject(objects, 'Service', 'grafana').spec.ports[0]).toMatchObject({ port: 3000, nodePort: 30949 });
    expect(findObject(objects, 'Ingress', 'grafana-core').spec.ingressClassName).toBe('nginx');
    expect(Object.keys(findObject(objects, 'ConfigMap', 'grafana-core-dashboards').data)).toEqual(['nodes.json']);
  });

  test('the Prometheus datasource URL points at the Prometheus Service', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const prometheus = new PrometheusServer(chart, 'Prometheus', { namespace: 'monitoring' });
    new GrafanaServer(chart, 'Grafana', {
      namespace: 'monitoring',
      datasources: [{ name: 'Prometheus', type: 'prometheus', url: prometheus.url, isDefault: true }],
    });
    // WHEN
    const objects = Testing.synth(chart);
    // THEN
    const provisioning: any = yaml.load(findObject(objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']);
    const service = findObject(objects, 'Service', 'prometheus');
    expect(provisioning.apiVersion).toBe(1);
    expect(provisioning.datasources).toEqual([
      { name: 'Prometheus', uid: 'prometheus', type: 'prometheus', access: 'proxy', url: 'http://prometheus.monitoring.svc:9090', isDefault: true, editable: false },
    ]);
    expect(provisioning.datasources[0].url).toBe(`http://${service.metadata.name}.${service.metadata.namespace}.svc:${service.spec.ports[0].port}`);
  });

  test('dashboards are files in a ConfigMap that the provider reads from', () => {
    const { objects } = synth({ ...MINIMAL, dashboards: [{ name: 'pods', model: kubernetesPodsDashboard('prometheus') }] });
    const providers: any = yaml.load(findObject(objects, 'ConfigMap', 'grafana-dashboard-providers').data['dashboards.yaml']);
    const pod = findObject(objects, 'Deployment', 'grafana').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((candidate: any) => candidate.name === 'grafana-dashboards');
    expect(providers.providers[0]).toMatchObject({ type: 'file', options: { path: mount.mountPath } });
    expect(pod.volumes).toContainEqual({ name: 'grafana-dashboards', configMap: { name: 'grafana-dashboards' } });
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'grafana-dashboards').data['pods.json']).uid).toBe('hanok-pods');
  });

  test('runs as 472 with a read-only root, and probes /api/health', () => {
    const { objects } = synth(MINIMAL);
    const container = findObject(objects, 'Deployment', 'grafana').spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsUser: 472, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
  });

  test('fails when two datasources are the default', () => {
    const datasource = { type: 'prometheus', url: 'http://a:9090', isDefault: true };
    expect(() => synth({ ...MINIMAL, datasources: [{ ...datasource, name: 'A' }, { ...datasource, name: 'B' }] })).toThrow("more than one datasource sets 'isDefault' (A, B)");
  });

  test('fails when a datasource name is used twice', () => {
    const datasource = { name: 'A', type: 'prometheus', url: 'http://a:9090' };
    expect(() => synth({ ...MINIMAL, datasources: [datasource, datasource] })).toThrow("'datasources' lists 'A' twice");
  });

  test('fails on a dashboard name that is no ConfigMap key', () => {
    expect(() => synth({ ...MINIMAL, dashboards: [{ name: 'my dashboard', model: {} }] })).toThrow("dashboard name \"my dashboard\" must consist of letters");
  });

  test('fails when the dashboards exceed a ConfigMap', () => {
    const model = { panels: 'x'.repeat(1024 * 1024) };
    expect(() => synth({ ...MINIMAL, dashboards: [{ name: 'huge', model }] })).toThrow("ConfigMap 'grafana-dashboards' would hold");
  });

  test('fails on a nodePort without serviceType NodePort', () => {
    expect(() => synth({ ...MINIMAL, nodePort: 30949 })).toThrow("'nodePort' (30949) needs serviceType NodePort");
  });

  test('fails on an IngressClass without a host', () => {
    expect(() => synth({ ...MINIMAL, frontend: new IngressFrontend({ className: 'nginx' }) })).toThrow("'ingressHost' and 'frontend' must be set together");
  });

  test('fails on a name too long to prefix its ConfigMaps', () => {
    expect(() => synth({ ...MINIMAL, name: 'g'.repeat(41) })).toThrow("'name' must be a DNS label of at most 40 characters");
  });
});
