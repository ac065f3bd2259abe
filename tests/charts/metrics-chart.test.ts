import * as yaml from 'js-yaml';
import { buildPlatform } from '../../src/charts/platform';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleCluster, findObject, newApp } from '../helpers';

/** The lab cluster with every part of the metrics layer on, published by NodePorts and hosts. */
function everythingOn(document: any): void {
  document.spec.metrics = {
    prometheus: { nodePort: 31119, host: 'prometheus.localtest.com' },
    grafana: { nodePort: 30949, host: 'grafana.localtest.com' },
    dashboard: { enabled: true, host: 'dashboard.localtest.com' },
    smokeTests: { enabled: true, tomcatHost: 'share-storage.localtest.com' },
  };
  // OpenFx, on in lab, publishes its own Prometheus and Grafana on these (upstream) NodePorts.
  document.spec.openfx = { enabled: false };
}

describe('MetricsChart', () => {
  describe('in the lab cluster with defaults', () => {
    const lab = exampleCluster('lab');
    const output = synthesizeCluster(lab);
    const objects = output.manifests.find((manifest) => manifest.chart === 'metrics')!.objects;

    test('comes after storage and the ingress, and writes no smoke tests', () => {
      const charts = output.manifests.map((manifest) => manifest.chart);
      expect(charts.indexOf('metrics')).toBeGreaterThan(charts.indexOf('storage'));
      expect(charts.indexOf('metrics')).toBeGreaterThan(charts.indexOf('ingress'));
      expect(charts).not.toContain('smoke-tests');
    });

    test('Prometheus scrapes node_exporter on every configured node IP, port 9100', () => {
      const config: any = yaml.load(findObject(objects, 'ConfigMap', 'prometheus-configuration').data['prometheus.yml']);
      const targets = config.scrape_configs.find((job: any) => job.job_name === 'node-exporter').static_configs[0].targets;
      expect(targets).toEqual(lab.spec.nodes.map((node) => `${node.ip}:9100`));
      expect(config.scrape_configs.map((job: any) => job.job_name)).toEqual([
        'prometheus', 'kubernetes-apiservers', 'kubernetes-nodes', 'kubernetes-cadvisor', 'kubernetes-pods', 'node-exporter',
      ]);
    });

    test('node_exporter runs on every node, on the port the node-exporter job scrapes, in a privileged namespace', () => {
      const daemonSet = findObject(objects, 'DaemonSet', 'node-exporter');
      expect(daemonSet.metadata.namespace).toBe('node-exporter');
      const pod = daemonSet.spec.template.spec;
      expect(pod).toMatchObject({ hostNetwork: true, hostPID: true, automountServiceAccountToken: false });
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(pod.containers[0].args).toContain('--web.listen-address=:9100');
      expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: '/metrics', port: 9100 });
      expect(findObject(objects, 'Namespace', 'node-exporter').metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
      expect(findObject(objects, 'Namespace', 'monitoring').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    test('node_exporter follows prometheus.nodeExporterPort, and the firewall opens it', () => {
      const cluster = clusterWith('lab', (document) => (document.spec.metrics = { prometheus: { nodeExporterPort: 9111 } }));
      const moved = synthesizeCluster(cluster);
      const metrics = moved.manifests.find((manifest) => manifest.chart === 'metrics')!.objects;
      expect(findObject(metrics, 'DaemonSet', 'node-exporter').spec.template.spec.containers[0].ports).toEqual([{ name: 'metrics', containerPort: 9111, protocol: 'TCP' }]);
      const config: any = yaml.load(findObject(metrics, 'ConfigMap', 'prometheus-configuration').data['prometheus.yml']);
      expect(config.scrape_configs.find((job: any) => job.job_name === 'node-exporter').static_configs[0].targets[0]).toMatch(/:9111$/);
      const worker = moved.files.get('nodes/firewall/worker.ports')!;
      expect(worker).toContain('9111/tcp        # node_exporter, scraped by Prometheus');
    });

    test('Prometheus and Grafana keep their data on NFS below the export', () => {
      expect(findObject(objects, 'PersistentVolume', 'pv-prometheus').spec.nfs).toEqual({ server: '192.168.111.177', path: '/share_storage/prometheus' });
      expect(findObject(objects, 'PersistentVolume', 'pv-grafana').spec.nfs).toEqual({ server: '192.168.111.177', path: '/share_storage/grafana' });
      expect(findObject(objects, 'Deployment', 'prometheus').spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pvc-prometheus' } });
      expect(findObject(objects, 'Deployment', 'grafana').spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pvc-grafana' } });
    });

    test('Grafana\'s datasource is the Prometheus Service', () => {
      const service = findObject(objects, 'Service', 'prometheus');
      const provisioning: any = yaml.load(findObject(objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']);
      expect(provisioning.datasources[0].url).toBe(`http://${service.metadata.name}.${service.metadata.namespace}.svc:${service.spec.ports[0].port}`);
    });

    test('the Grafana admin Secret is declared as supplied, never written', () => {
      expect(output.suppliedSecrets).toContainEqual(expect.objectContaining({ namespace: 'monitoring', name: 'grafana-admin', keys: expect.objectContaining({ 'admin-user': expect.any(String), 'admin-password': expect.any(String) }) }));
      expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    });

    test('nothing is published outside the cluster by default', () => {
      for (const service of objects.filter((object) => object.kind === 'Service') as any[]) {
        expect(service.spec.type).toBe('ClusterIP');
      }
      expect(objects.filter((object) => object.kind === 'Ingress')).toEqual([]);
    });
  });

  describe('with every part switched on', () => {
    const output = synthesizeCluster(clusterWith('lab', everythingOn));
    const objects = output.manifests.find((manifest) => manifest.chart === 'metrics')!.objects;
    const tests = output.manifests.find((manifest) => manifest.chart === 'smoke-tests')!.objects;

    test('passes every output check', () => {
      expect(output.check.failures).toEqual([]);
      expect(output.check.warnings).toEqual([]);
    });

    test('publishes Prometheus and Grafana on the configured NodePorts and hosts, through the cluster\'s Gateway', () => {
      expect(findObject(objects, 'Service', 'prometheus').spec.ports[0].nodePort).toBe(31119);
      expect(findObject(objects, 'Service', 'grafana').spec.ports[0].nodePort).toBe(30949);
      const listener = (route: any) => route.spec.parentRefs.map((ref: any) => `${ref.namespace}/${ref.name}#${ref.sectionName}`);
      for (const name of ['prometheus', 'grafana', 'headlamp']) {
        expect(listener(findObject(objects, 'HTTPRoute', name))).toEqual(['traefik/cluster-gateway#http']);
      }
      expect(listener(findObject(tests, 'HTTPRoute', 'ingress-test-was'))).toEqual(['traefik/cluster-gateway#http']);
      expect([...objects, ...tests].filter((object) => object.kind === 'Ingress')).toEqual([]);
    });

    test('the dashboard is Headlamp, reachable only through its route, and no one is bound to cluster-admin', () => {
      expect(objects.some((object) => object.metadata.namespace === 'kubernetes-dashboard')).toBe(false);
      const dashboardServices = objects.filter((object) => object.kind === 'Service' && object.metadata.namespace === 'headlamp') as any[];
      expect(dashboardServices.map((service) => service.spec.type)).toEqual(['ClusterIP']);
      expect(findObject(objects, 'Namespace', 'headlamp').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      const bindings = [...objects, ...tests].filter((object) => object.kind.endsWith('RoleBinding')) as any[];
      expect(bindings.map((binding) => binding.roleRef.name)).not.toContain('cluster-admin');
    });

    test('the smoke tests come after the metrics layer, and the HPA targets php-apache', () => {
      const charts = output.manifests.map((manifest) => manifest.chart);
      expect(charts.indexOf('smoke-tests')).toBeGreaterThan(charts.indexOf('metrics'));
      expect(findObject(tests, 'HorizontalPodAutoscaler', 'php-apache').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' });
      expect(findObject(tests, 'PersistentVolume', 'pv-testwas').spec.nfs.path).toBe('/share_storage/test_service');
    });

    test('the metrics chart matches its snapshot', () => {
      expect(objects).toMatchSnapshot();
    });

    test('the smoke-test chart matches its snapshot', () => {
      expect(tests).toMatchSnapshot();
    });
  });

  test('with every part switched off there is no metrics chart', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.metrics = { metricsServer: { enabled: false }, prometheus: { enabled: false }, grafana: { enabled: false }, nodeExporter: { enabled: false } };
    });
    const charts = buildPlatform(newApp(), cluster).charts.map((chart) => chart.node.id);
    expect(charts).not.toContain('metrics');
  });

  test('metrics-server alone: no monitoring namespace', () => {
    const cluster = clusterWith('cluster1', (document) => {
      document.spec.metrics = { prometheus: { enabled: false }, grafana: { enabled: false }, nodeExporter: { enabled: false } };
    });
    const output = synthesizeCluster(cluster);
    const objects = output.manifests.find((manifest) => manifest.chart === 'metrics')!.objects;
    expect(objects.filter((object) => object.kind === 'Namespace')).toEqual([]);
    expect(findObject(objects, 'APIService', 'v1beta1.metrics.k8s.io')).toBeDefined();
  });
});
