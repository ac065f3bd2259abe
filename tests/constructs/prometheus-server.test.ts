import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import {
  annotatedPodsScrapeConfig,
  apiServerScrapeConfig,
  cadvisorScrapeConfig,
  dnsScrapeConfig,
  kubeletScrapeConfig,
  kubernetesScrapeConfigs,
  nodeExporterScrapeConfig,
  staticScrapeConfig,
} from '../../src/constructs/prometheus-scrape-configs';
import { PrometheusServer, PrometheusServerProps } from '../../src/constructs/prometheus-server';
import { PROMETHEUS_IMAGE } from '../../src/versions/images';
import { findObject } from '../helpers';

const MINIMAL: PrometheusServerProps = { namespace: 'monitoring' };

function synth(props: PrometheusServerProps) {
  const chart = new Chart(Testing.app(), 'test');
  const server = new PrometheusServer(chart, 'Prometheus', props);
  return { server, objects: Testing.synth(chart) };
}

function prometheusYaml(objects: any[], configMap = 'prometheus-configuration'): any {
  return yaml.load(findObject(objects, 'ConfigMap', configMap).data['prometheus.yml']);
}

describe('PrometheusServer', () => {
  test('minimal: scrapes itself, ClusterIP, no RBAC, data in an emptyDir', () => {
    // GIVEN / WHEN
    const { objects, server } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ConfigMap/prometheus-configuration',
      'Deployment/prometheus',
      'Service/prometheus',
    ]);
    expect(prometheusYaml(objects)).toEqual({
      global: { scrape_interval: '30s', evaluation_interval: '30s' },
      scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] }],
    });
    const deployment = findObject(objects, 'Deployment', 'prometheus');
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
    expect(deployment.spec.template.spec.containers[0].image).toBe(PROMETHEUS_IMAGE);
    expect(server.url).toBe('http://prometheus.monitoring.svc:9090');
  });

  test('all props', () => {
    // GIVEN
    const props: Required<PrometheusServerProps> = {
      namespace: 'openfx',
      name: 'prometheus',
      configMapName: 'prometheus-configuration',
      selectorLabels: { app: 'prometheus', component: 'core' },
      image: 'mirror.local/prom/prometheus:v3.5.0',
      scrapeInterval: '15s',
      scrapeConfigs: [...kubernetesScrapeConfigs(), dnsScrapeConfig('fxgateway', ['fxgateway.openfx'], 10000)],
      retention: '30d',
      storage: { claimName: 'pvc-prometheus' },
      serviceType: 'NodePort',
      nodePort: 31119,
      rbac: true,
      ingressHost: 'prometheus.example.org',
      frontend: new IngressFrontend({ className: 'nginx' }),
      resources: { cpu: '100m', memory: '512Mi' },
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    const service = findObject(objects, 'Service', 'prometheus');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports[0]).toMatchObject({ port: 9090, nodePort: 31119 });
    expect(findObject(objects, 'Ingress', 'prometheus').spec.rules[0].host).toBe('prometheus.example.org');
    const pod = findObject(objects, 'Deployment', 'prometheus').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pvc-prometheus' } });
    expect(pod.containers[0].args).toContain('--storage.tsdb.retention.time=30d');
    expect(pod.serviceAccountName).toBe('prometheus');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('runs as nobody with a read-only root, and probes readiness', () => {
    const { objects } = synth(MINIMAL);
    const container = findObject(objects, 'Deployment', 'prometheus').spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
    expect(container.resources.limits.memory).toBeDefined();
  });

  test('RBAC: a ClusterRole that only reads what discovery needs, bound to the server\'s ServiceAccount', () => {
    const { objects } = synth({ ...MINIMAL, rbac: true });
    const role = findObject(objects, 'ClusterRole', 'monitoring-prometheus');
    const verbs = role.rules.flatMap((rule: any) => rule.verbs);
    expect(new Set(verbs)).toEqual(new Set(['get', 'list', 'watch']));
    expect(role.rules.flatMap((rule: any) => rule.resources ?? [])).not.toContain('nodes/proxy');
    expect(role.rules.flatMap((rule: any) => rule.resources ?? [])).not.toContain('secrets');
    expect(role.rules).toContainEqual({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
    const binding = findObject(objects, 'ClusterRoleBinding', 'monitoring-prometheus');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }]);
  });

  test('the configuration lists every node_exporter address on port 9100', () => {
    const addresses = ['192.168.111.169', '192.168.111.172', '192.168.111.173', '192.168.111.170'];
    const { objects } = synth({ ...MINIMAL, scrapeConfigs: [nodeExporterScrapeConfig(addresses)] });
    const job = prometheusYaml(objects).scrape_configs.find((config: any) => config.job_name === 'node-exporter');
    expect(job.static_configs[0].targets).toEqual(addresses.map((address) => `${address}:9100`));
  });

  test('a configuration change changes the pod template, so the server restarts with it', () => {
    const checksum = (objects: any[]) => findObject(objects, 'Deployment', 'prometheus').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(synth(MINIMAL).objects)).not.toEqual(checksum(synth({ ...MINIMAL, scrapeInterval: '1m' }).objects));
  });

  test('fails when a Kubernetes discovery job has no RBAC', () => {
    expect(() => synth({ ...MINIMAL, scrapeConfigs: [kubeletScrapeConfig()] })).toThrow("scrape job 'kubernetes-nodes' uses kubernetes_sd_configs, which needs 'rbac' to be true");
  });

  test('fails when a job name is used twice', () => {
    expect(() => synth({ ...MINIMAL, scrapeConfigs: [staticScrapeConfig('prometheus', ['a:1'])] })).toThrow("scrape job name 'prometheus' is used twice");
  });

  test('fails on a retention that is no duration', () => {
    expect(() => synth({ ...MINIMAL, retention: '15 days' })).toThrow("'retention' must be a Prometheus duration such as 15d or 4w (got \"15 days\")");
  });

  test('fails on a scrape interval that is no duration', () => {
    expect(() => synth({ ...MINIMAL, scrapeInterval: '30' })).toThrow("'scrapeInterval' must be a Prometheus duration");
  });

  test('fails on a nodePort without serviceType NodePort', () => {
    expect(() => synth({ ...MINIMAL, nodePort: 31119 })).toThrow("'nodePort' (31119) needs serviceType NodePort (got ClusterIP)");
  });

  test('fails on an ingress host without an IngressClass', () => {
    expect(() => synth({ ...MINIMAL, ingressHost: 'prometheus.example.org' })).toThrow("'ingressHost' and 'frontend' must be set together");
  });

  test('fails on a name that is no DNS label', () => {
    expect(() => synth({ ...MINIMAL, name: 'Prometheus' })).toThrow("'name' must be a DNS label (got \"Prometheus\")");
  });
});

describe('scrape configs', () => {
  test('the Kubernetes jobs authenticate with the ServiceAccount token over HTTPS', () => {
    for (const config of [apiServerScrapeConfig(), kubeletScrapeConfig(), cadvisorScrapeConfig()]) {
      expect(config).toMatchObject({ scheme: 'https', authorization: { credentials_file: '/var/run/secrets/kubernetes.io/serviceaccount/token' } });
    }
    expect(kubeletScrapeConfig().tls_config).toEqual({ ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' });
    expect(kubeletScrapeConfig({ insecureSkipVerify: true }).tls_config).toEqual({ insecure_skip_verify: true });
    expect(cadvisorScrapeConfig().metrics_path).toBe('/metrics/cadvisor');
  });

  test('annotated pods are kept only with prometheus.io/scrape "true"', () => {
    const config = annotatedPodsScrapeConfig() as any;
    expect(config.relabel_configs[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' });
  });

  test('fails on a static target that is no host:port', () => {
    expect(() => staticScrapeConfig('x', ['http://a:80'])).toThrow("scrape job 'x': target \"http://a:80\" is not a host:port pair");
  });

  test('fails on a static job without targets', () => {
    expect(() => staticScrapeConfig('x', [])).toThrow("'targets' must hold at least one host:port");
  });

  test('fails on a node_exporter port out of range', () => {
    expect(() => nodeExporterScrapeConfig(['10.0.0.1'], 70000)).toThrow("'port' must be a port number from 1 to 65535 (got 70000)");
  });
});
