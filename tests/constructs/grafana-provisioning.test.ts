import { Chart, Testing } from 'cdk8s';
import { checkDashboards, GrafanaProvisioning, GrafanaProvisioningProps, resolveDatasources } from '../../src/constructs/grafana-provisioning';
import { findObject } from '../helpers';

const OWNER = "Grafana 'grafana'";

function synth(props: Partial<GrafanaProvisioningProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const provisioning = new GrafanaProvisioning(chart, 'Provisioning', {
    owner: OWNER,
    name: 'grafana',
    namespace: 'monitoring',
    labels: { app: 'grafana' },
    datasources: resolveDatasources(OWNER, [{ name: 'Prometheus', type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }]),
    dashboards: [],
    ...props,
  });
  return { provisioning, objects: Testing.synth(chart) };
}

describe('GrafanaProvisioning', () => {
  test('three ConfigMaps, mounted where Grafana reads them', () => {
    // GIVEN / WHEN
    const { provisioning, objects } = synth();

    // THEN
    expect(objects.map((object) => `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'ConfigMap monitoring/grafana-datasources',
      'ConfigMap monitoring/grafana-dashboard-providers',
      'ConfigMap monitoring/grafana-dashboards',
    ]);
    expect(provisioning.volumeMounts).toEqual([
      { name: 'grafana-datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
      { name: 'grafana-dashboard-providers', mountPath: '/etc/grafana/provisioning/dashboards', readOnly: true },
      { name: 'grafana-dashboards', mountPath: '/etc/grafana/dashboards', readOnly: true },
    ]);
    expect(provisioning.volumes.map((volume) => volume.configMap?.name)).toEqual(['grafana-datasources', 'grafana-dashboard-providers', 'grafana-dashboards']);
    expect(findObject(objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).toBe(
      'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prometheus\n    type: prometheus\n    access: proxy\n    url: http://prometheus:9090\n    isDefault: true\n    editable: false\n',
    );
  });

  test('the checksum follows the content', () => {
    const before = synth().provisioning.checksum;
    expect(synth().provisioning.checksum).toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    const withDashboard = synth({ dashboards: [{ name: 'nodes', model: { title: 'Nodes', panels: [] } as any }] }).provisioning.checksum;
    expect(withDashboard).not.toBe(before);
  });

  test('fails when a ConfigMap would exceed the API server limit', () => {
    const model = { title: 'Huge', panels: [], description: 'x'.repeat(1024 * 1024) } as any;
    expect(() => synth({ dashboards: [{ name: 'huge', model }] })).toThrow(
      /^Grafana 'grafana': ConfigMap 'grafana-dashboards' would hold \d+ bytes, above the API server's limit of 1048576; provision fewer or smaller dashboards$/,
    );
  });

  test('fails when two datasources share a uid', () => {
    expect(() => resolveDatasources(OWNER, [
      { name: 'A b', type: 'prometheus', url: 'http://a' },
      { name: 'a-b', type: 'prometheus', url: 'http://b' },
    ])).toThrow("Grafana 'grafana': 'datasources' lists 'a-b' twice");
  });

  test('fails when a dashboard name cannot be a ConfigMap key', () => {
    expect(() => checkDashboards(OWNER, [{ name: 'a/b', model: {} as any }])).toThrow(
      "Grafana 'grafana': dashboard name \"a/b\" must consist of letters, digits, '-', '_' and '.'",
    );
  });
});
