import * as yaml from 'js-yaml';
import { buildPlatform } from '../../src/charts/platform';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleCluster, findObject, newApp, ownWarnings } from '../helpers';

describe('OpenFxChart', () => {
  describe('in the lab cluster', () => {
    const lab = exampleCluster('lab');
    const output = synthesizeCluster(lab);
    const objects = output.manifests.find((manifest) => manifest.chart === 'openfx')!.objects;

    test('passes every output check', () => {
      expect(output.check.failures).toEqual([]);
      expect(ownWarnings(output.check.warnings)).toEqual([]);
    });

    test('comes after networking, the ingress and the metrics layer', () => {
      const charts = output.manifests.map((manifest) => manifest.chart);
      for (const before of ['networking', 'ingress', 'metrics']) {
        expect(charts.indexOf('openfx')).toBeGreaterThan(charts.indexOf(before));
      }
    });

    test('creates namespaces openfx and openfx-fn, each with the registry pull Secret supplied at apply time', () => {
      expect(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name)).toEqual(['openfx', 'openfx-fn']);
      for (const namespace of ['openfx', 'openfx-fn']) {
        expect(output.suppliedSecrets).toContainEqual(expect.objectContaining({ namespace, name: 'regcred', type: 'kubernetes.io/dockerconfigjson' }));
      }
      expect(output.suppliedSecrets).toContainEqual(expect.objectContaining({ namespace: 'openfx', name: 'grafana', keys: expect.objectContaining({ 'admin-username': expect.any(String), 'admin-password': expect.any(String) }) }));
      expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    });

    test('the gateway Service is on NodePort 31113 and the gateway deploys to openfx-fn with IfNotPresent', () => {
      const service = findObject(objects, 'Service', 'fxgateway');
      expect(service.metadata.namespace).toBe('openfx');
      expect(service.spec).toMatchObject({ type: 'NodePort', selector: { app: 'fxgateway' }, ports: [{ port: 10000, nodePort: 31113 }] });
      const container = findObject(objects, 'Deployment', 'fxgateway').spec.template.spec.containers[0];
      expect(container.image).toBe('registry.localtest.com/fxgateway:0.1.0');
      expect(container.env).toEqual([
        { name: 'FUNCTION_NAMESPACE', value: 'openfx-fn' },
        { name: 'IMAGE_PULL_POLICY', value: 'IfNotPresent' },
      ]);
    });

    test('the gateway Role is exactly upstream\'s, with Deployments in apps, and nothing is cluster-wide', () => {
      expect(findObject(objects, 'Role', 'fxgateway-role').rules).toEqual([
        { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
      ]);
      expect(objects.filter((object) => object.kind.startsWith('Cluster'))).toEqual([]);
    });

    test('Prometheus scrapes itself, the gateway by DNS and node_exporter on every configured node IP', () => {
      const config: any = yaml.load(findObject(objects, 'ConfigMap', 'prometheus-configuration').data['prometheus.yml']);
      expect(config.scrape_configs.map((job: any) => job.job_name)).toEqual(['prometheus', 'gateway', 'node-exporter']);
      expect(config.scrape_configs[1].dns_sd_configs).toEqual([{ names: ['fxgateway.openfx'], type: 'A', port: 10000 }]);
      expect(config.scrape_configs[2].static_configs[0].targets).toEqual(lab.spec.nodes.map((node) => `${node.ip}:9100`));
      expect(findObject(objects, 'Service', 'prometheus').spec.ports[0].nodePort).toBe(31119);
      expect(findObject(objects, 'Service', 'grafana').spec.ports[0].nodePort).toBe(30949);
    });

    test('Prometheus and Grafana keep their data on NFS volumes of their own', () => {
      const volumes = objects.filter((object) => object.kind === 'PersistentVolume').map((object) => object.metadata.name);
      expect(volumes).toEqual(['pv-openfx-prometheus', 'pv-openfx-grafana']);
      const metrics = output.manifests.find((manifest) => manifest.chart === 'metrics')!.objects;
      const metricsVolumes = metrics.filter((object) => object.kind === 'PersistentVolume').map((object) => object.metadata.name);
      expect(volumes.filter((name) => metricsVolumes.includes(name))).toEqual([]);
    });

    test('each declared function is a Deployment, Service and autoscaler in openfx-fn', () => {
      for (const fn of lab.spec.openfx.functions) {
        const deployment = findObject(objects, 'Deployment', fn.name);
        expect(deployment.metadata.namespace).toBe('openfx-fn');
        expect(findObject(objects, 'Service', fn.name).spec.ports[0].port).toBe(50051);
        expect(findObject(objects, 'HorizontalPodAutoscaler', fn.name).spec).toMatchObject({ minReplicas: fn.minReplicas, maxReplicas: fn.maxReplicas });
        expect(deployment.spec.template.spec.containers[0].image).toBe(fn.image ?? `registry.localtest.com/fxwatcher:0.1.0-${fn.runtime}`);
      }
    });

    test('the openfx chart matches its snapshot', () => {
      expect(objects).toMatchSnapshot();
    });
  });

  test('with other namespaces and pull policy Never, every reference follows and the checks pass', () => {
    // GIVEN
    const cluster = clusterWith('lab', (document) => {
      document.spec.openfx = { ...document.spec.openfx, namespace: 'fx', functionNamespace: 'fx-functions', imagePullPolicy: 'Never' };
    });
    // WHEN
    const output = synthesizeCluster(cluster);
    // THEN
    expect(output.check.failures).toEqual([]);
    const objects = output.manifests.find((manifest) => manifest.chart === 'openfx')!.objects;
    const config: any = yaml.load(findObject(objects, 'ConfigMap', 'prometheus-configuration').data['prometheus.yml']);
    expect(config.scrape_configs[1].dns_sd_configs[0].names).toEqual(['fxgateway.fx']);
    expect(findObject(objects, 'Deployment', 'fxgateway').spec.template.spec.containers[0].env).toEqual([
      { name: 'FUNCTION_NAMESPACE', value: 'fx-functions' },
      { name: 'IMAGE_PULL_POLICY', value: 'Never' },
    ]);
    expect(findObject(objects, 'RoleBinding', 'fxgateway-fn-access').metadata.namespace).toBe('fx-functions');
  });

  test('off by default: no openfx chart', () => {
    const charts = buildPlatform(newApp(), exampleCluster('cluster1')).charts.map((chart) => chart.node.id);
    expect(charts).not.toContain('openfx');
  });
});
