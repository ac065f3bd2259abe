import { GRAFANA_IMAGE, HEADLAMP_IMAGE, METRICS_SERVER_IMAGE, NODE_EXPORTER_IMAGE, PROMETHEUS_IMAGE, SMOKE_TEST_PHP_APACHE_IMAGE, SMOKE_TEST_TOMCAT_IMAGE } from '../../src/versions/images';
import { exampleCluster, exampleDocument, problemsOf } from '../helpers';

describe('metrics configuration', () => {
  test('defaults: metrics-server with seed 004\'s kubelet flags, Prometheus and Grafana on, dashboard and smoke tests off', () => {
    expect(exampleCluster('cluster1').spec.metrics).toEqual({
      namespace: 'monitoring',
      metricsServer: {
        enabled: true,
        image: METRICS_SERVER_IMAGE,
        kubeletInsecureTls: true,
        kubeletPreferredAddressTypes: ['InternalIP'],
        metricResolution: '15s',
      },
      prometheus: {
        enabled: true,
        image: PROMETHEUS_IMAGE,
        scrapeInterval: '30s',
        retention: '15d',
        storageSize: '20Gi',
        nodeExporterPort: 9100,
        kubeletInsecureSkipVerify: true,
      },
      grafana: { enabled: true, image: GRAFANA_IMAGE, storageSize: '1Gi', adminSecretName: 'grafana-admin' },
      nodeExporter: { enabled: true, namespace: 'node-exporter', image: NODE_EXPORTER_IMAGE },
      dashboard: { enabled: false, image: HEADLAMP_IMAGE },
      smokeTests: {
        enabled: false,
        namespace: 'default',
        tomcatReplicas: 3,
        tomcatImage: SMOKE_TEST_TOMCAT_IMAGE,
        phpApacheImage: SMOKE_TEST_PHP_APACHE_IMAGE,
        phpApacheMinReplicas: 1,
        phpApacheMaxReplicas: 10,
        phpApacheTargetCpuUtilization: 50,
      },
    });
  });

  test('everything switched on, published by NodePorts and hosts, validates', () => {
    const document = exampleDocument('lab');
    document.spec.metrics = {
      prometheus: { nodePort: 31119, host: 'prometheus.localtest.com' },
      grafana: { nodePort: 30949, host: 'grafana.localtest.com' },
      dashboard: { enabled: true, host: 'dashboard.localtest.com' },
      smokeTests: { enabled: true, tomcatHost: 'share-storage.localtest.com' },
    };
    // OpenFx, on in lab, publishes its own Prometheus and Grafana on these (upstream) NodePorts.
    document.spec.openfx = { enabled: false };
    expect(problemsOf(document)).toEqual([]);
  });
});

/** Each case mutates the lab example and names the field path (and text) the message must contain. */
const BAD_METRICS: Array<[string, (document: any) => void, string]> = [
  ['typo in the metrics section', (d) => (d.spec.metrics = { prometheos: {} }), 'spec.metrics.prometheos: unknown field (expected one of namespace, metricsServer, prometheus, grafana, nodeExporter, dashboard, smokeTests)'],
  ['node_exporter in the restricted monitoring namespace', (d) => (d.spec.metrics = { nodeExporter: { namespace: 'monitoring' } }), 'spec.metrics.nodeExporter.namespace: node_exporter needs a privileged namespace of its own (got "monitoring"'],
  ['typo in a sub-section', (d) => (d.spec.metrics = { grafana: { adminSecret: 'x' } }), 'spec.metrics.grafana.adminSecret: unknown field'],
  ['namespace that is no DNS label', (d) => (d.spec.metrics = { namespace: 'Monitoring' }), 'spec.metrics.namespace: not a valid DNS label (got "Monitoring"'],
  ['unknown kubelet address type', (d) => (d.spec.metrics = { metricsServer: { kubeletPreferredAddressTypes: ['PodIP'] } }), 'spec.metrics.metricsServer.kubeletPreferredAddressTypes[0]: not an allowed value (got "PodIP", expected "InternalIP" or'],
  ['no kubelet address type', (d) => (d.spec.metrics = { metricsServer: { kubeletPreferredAddressTypes: [] } }), 'spec.metrics.metricsServer.kubeletPreferredAddressTypes: too small'],
  ['insecure TLS switch that is no boolean', (d) => (d.spec.metrics = { metricsServer: { kubeletInsecureTls: 'yes' } }), 'spec.metrics.metricsServer.kubeletInsecureTls: wrong type (got "yes", expected a boolean)'],
  ['metric resolution without a unit', (d) => (d.spec.metrics = { metricsServer: { metricResolution: '15' } }), 'spec.metrics.metricsServer.metricResolution: not a duration (got "15", expected a number with a unit'],
  ['retention in words', (d) => (d.spec.metrics = { prometheus: { retention: '15 days' } }), 'spec.metrics.prometheus.retention: not a duration (got "15 days"'],
  ['unpinned Prometheus image', (d) => (d.spec.metrics = { prometheus: { image: 'prom/prometheus:latest' } }), 'spec.metrics.prometheus.image: the latest tag is not pinned'],
  ['untagged Grafana image', (d) => (d.spec.metrics = { grafana: { image: 'grafana/grafana' } }), 'spec.metrics.grafana.image: image is not pinned'],
  ['storage size that is no quantity', (d) => (d.spec.metrics = { prometheus: { storageSize: '20 GB' } }), 'spec.metrics.prometheus.storageSize: not a Kubernetes quantity (got "20 GB"'],
  ['node_exporter port out of range', (d) => (d.spec.metrics = { prometheus: { nodeExporterPort: 70000 } }), 'spec.metrics.prometheus.nodeExporterPort: too large (got 70000, expected at most 65535)'],
  ['Prometheus NodePort outside the range', (d) => (d.spec.metrics = { prometheus: { nodePort: 9090 } }), 'spec.metrics.prometheus.nodePort: outside the NodePort range (got 9090, expected an integer from 30000 to 32767)'],
  ['Grafana NodePort clashing with the ingress', (d) => (d.spec.metrics = { grafana: { nodePort: 32334 } }), 'spec.metrics.grafana.nodePort: NodePort already used by spec.ingress.httpNodePort (got 32334, expected a NodePort unique in the cluster)'],
  ['Grafana and Prometheus on one NodePort', (d) => (d.spec.metrics = { prometheus: { nodePort: 31000 }, grafana: { nodePort: 31000 } }), 'spec.metrics.grafana.nodePort: NodePort already used by spec.metrics.prometheus.nodePort'],
  ['Grafana host that is no DNS name', (d) => (d.spec.metrics = { grafana: { host: 'http://grafana' } }), 'spec.metrics.grafana.host: not a valid DNS name (got "http://grafana"'],
  ['Grafana without Prometheus', (d) => (d.spec.metrics = { prometheus: { enabled: false } }), 'spec.metrics.grafana.enabled: Grafana needs Prometheus, its datasource (got true, expected prometheus.enabled true, or grafana.enabled false)'],
  ['the removed metrics scraper of the Kubernetes Dashboard', (d) => (d.spec.metrics = { dashboard: { metricsScraperImage: 'kubernetesui/metrics-scraper:v1.0.8' } }), 'spec.metrics.dashboard.metricsScraperImage: removed: the archived Kubernetes Dashboard was replaced by Headlamp'],
  ['the archived Kubernetes Dashboard image', (d) => (d.spec.metrics = { dashboard: { image: 'mirror.local/kubernetesui/dashboard:v2.7.0' } }), 'spec.metrics.dashboard.image: the archived Kubernetes Dashboard image; the dashboard is now Headlamp (got "mirror.local/kubernetesui/dashboard:v2.7.0"'],
  ['dashboard enabled without a host', (d) => (d.spec.metrics = { dashboard: { enabled: true } }), 'spec.metrics.dashboard.host: required when the dashboard is enabled (got nothing, expected a DNS name such as dashboard.example.org)'],
  ['smoke tests enabled without a Tomcat host', (d) => (d.spec.metrics = { smokeTests: { enabled: true } }), 'spec.metrics.smokeTests.tomcatHost: required when the smoke tests are enabled'],
  ['autoscaler maximum below its minimum', (d) => (d.spec.metrics = { smokeTests: { phpApacheMinReplicas: 5, phpApacheMaxReplicas: 2 } }), 'spec.metrics.smokeTests.phpApacheMaxReplicas: below phpApacheMinReplicas (got 2, expected a number at least phpApacheMinReplicas)'],
  ['autoscaler target above 100%', (d) => (d.spec.metrics = { smokeTests: { phpApacheTargetCpuUtilization: 120 } }), 'spec.metrics.smokeTests.phpApacheTargetCpuUtilization: too large (got 120, expected at most 100)'],
  ['zero Tomcat replicas', (d) => (d.spec.metrics = { smokeTests: { tomcatReplicas: 0 } }), 'spec.metrics.smokeTests.tomcatReplicas: too small (got 0, expected at least 1)'],
];

describe.each(BAD_METRICS)('fails when the metrics section has a %s', (_name, mutate, expected) => {
  test('and names the field', () => {
    const document = exampleDocument('lab');
    mutate(document);
    const problems = problemsOf(document);
    expect(problems.join('\n')).toContain(expected);
  });
});
