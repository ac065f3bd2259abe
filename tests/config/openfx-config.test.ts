import { GRAFANA_IMAGE, PROMETHEUS_IMAGE } from '../../src/versions/images';
import { OPENFX_RUNTIMES } from '../../src/versions/component-options';
import { exampleCluster, exampleDocument, problemsOf } from '../helpers';

const FUNCTIONS = [
  { name: 'hello-python', runtime: 'python3', minReplicas: 1, maxReplicas: 5 },
  { name: 'echo-go', runtime: 'go', minReplicas: 2, maxReplicas: 10 },
];

describe('openfx configuration', () => {
  test('defaults: off, with upstream names, NodePorts and every runtime, IfNotPresent for function pods', () => {
    expect(exampleCluster('cluster1').spec.openfx).toEqual({
      enabled: false,
      namespace: 'openfx',
      functionNamespace: 'openfx-fn',
      gatewayImageName: 'fxgateway',
      gatewayImageTag: '0.1.0',
      gatewayNodePort: 31113,
      imagePullPolicy: 'IfNotPresent',
      runtimes: [...OPENFX_RUNTIMES],
      prometheusImage: PROMETHEUS_IMAGE,
      prometheusNodePort: 31119,
      prometheusStorageSize: '10Gi',
      scrapeInterval: '15s',
      retention: '15d',
      grafanaImage: GRAFANA_IMAGE,
      grafanaNodePort: 30949,
      grafanaStorageSize: '1Gi',
      grafanaAdminSecretName: 'grafana',
      functions: [],
    });
  });

  test('lab enables OpenFx with a python3 and a go function, filling in the function defaults', () => {
    const openfx = exampleCluster('lab').spec.openfx;
    expect(openfx.enabled).toBe(true);
    expect(openfx.functions.map((fn) => fn.runtime)).toEqual(expect.arrayContaining(['python3', 'go']));
    expect(openfx.functions[0]).toEqual({
      name: 'hello-python',
      runtime: 'python3',
      env: { GREETING: 'hello' },
      minReplicas: 1,
      maxReplicas: 5,
      targetCpuUtilization: 50,
      cpu: '100m',
      memory: '128Mi',
    });
  });

  test('a disabled OpenFx claims none of its NodePorts', () => {
    const document = exampleDocument('lab');
    document.spec.openfx = { enabled: false };
    document.spec.metrics = { prometheus: { nodePort: 31119 }, grafana: { nodePort: 30949 } };
    expect(problemsOf(document)).toEqual([]);
  });
});

/** Each case mutates the lab example and names the field path (and text) the message must contain. */
const BAD_OPENFX: Array<[string, (document: any) => void, string]> = [
  ['typo in the section', (d) => (d.spec.openfx.gatewayPort = 31113), 'spec.openfx.gatewayPort: unknown field'],
  ['typo in a function', (d) => (d.spec.openfx.functions[0].replicas = 2), 'spec.openfx.functions[0].replicas: unknown field'],
  ['a runtime OpenFx has no executor for', (d) => (d.spec.openfx.functions[0].runtime = 'perl'), 'spec.openfx.functions[0].runtime: not an allowed value (got "perl", expected "go" or'],
  ['a runtime the cluster does not offer', (d) => (d.spec.openfx.runtimes = ['go']), 'spec.openfx.functions[0].runtime: runtime is not offered by spec.openfx.runtimes (got "python3", expected one of go)'],
  ['no runtime offered', (d) => (d.spec.openfx.runtimes = []), 'spec.openfx.runtimes: too small'],
  ['maxReplicas below minReplicas', (d) => (d.spec.openfx.functions[1] = { ...FUNCTIONS[1], minReplicas: 4, maxReplicas: 3 }), 'spec.openfx.functions[1].maxReplicas: below minReplicas (got 3, expected a number at least minReplicas)'],
  ['minReplicas of 0', (d) => (d.spec.openfx.functions[0].minReplicas = 0), 'spec.openfx.functions[0].minReplicas: too small (got 0, expected at least 1)'],
  ['a function without maxReplicas', (d) => delete d.spec.openfx.functions[0].maxReplicas, 'spec.openfx.functions[0].maxReplicas: required field is missing'],
  ['two functions of one name', (d) => (d.spec.openfx.functions = [FUNCTIONS[0], { ...FUNCTIONS[1], name: 'hello-python' }]), 'spec.openfx.functions[1].name: duplicate function name, already used by spec.openfx.functions[0] (got "hello-python"'],
  ['a function name starting with a digit', (d) => (d.spec.openfx.functions[0].name = '1hello'), 'spec.openfx.functions[0].name: not a valid function name (got "1hello"'],
  ['PORT in a function\'s environment', (d) => (d.spec.openfx.functions[0].env = { PORT: '8080' }), 'spec.openfx.functions[0].env.PORT: PORT is reserved for the executor (got "8080"'],
  ['an environment variable named with a dash', (d) => (d.spec.openfx.functions[0].env = { 'LOG-LEVEL': 'x' }), 'spec.openfx.functions[0].env.LOG-LEVEL: not a valid environment variable name (got "LOG-LEVEL"'],
  ['a function CPU in words', (d) => (d.spec.openfx.functions[0].cpu = 'one core'), 'spec.openfx.functions[0].cpu: not a CPU quantity (got "one core", expected cores such as 0.5 or 2, or millicores such as 250m)'],
  ['a function image on latest', (d) => (d.spec.openfx.functions[0].image = 'registry.localtest.com/hello:latest'), 'spec.openfx.functions[0].image: the latest tag is not pinned'],
  ['a gateway image name with a tag', (d) => (d.spec.openfx.gatewayImageName = 'fxgateway:0.1.0'), 'spec.openfx.gatewayImageName: not a valid image repository (got "fxgateway:0.1.0"'],
  ['the gateway on latest', (d) => (d.spec.openfx.gatewayImageTag = 'latest'), 'spec.openfx.gatewayImageTag: the latest tag is not pinned'],
  ['an unknown pull policy', (d) => (d.spec.openfx.imagePullPolicy = 'always'), 'spec.openfx.imagePullPolicy: not an allowed value (got "always", expected "IfNotPresent" or "Always" or "Never")'],
  ['the gateway NodePort outside the range', (d) => (d.spec.openfx.gatewayNodePort = 10000), 'spec.openfx.gatewayNodePort: outside the NodePort range (got 10000'],
  ['the gateway on the ingress\'s NodePort', (d) => (d.spec.openfx.gatewayNodePort = 32334), 'spec.openfx.gatewayNodePort: NodePort already used by spec.ingress.httpNodePort (got 32334, expected a NodePort unique in the cluster)'],
  ['the metrics Prometheus on the OpenFx Prometheus\'s NodePort', (d) => (d.spec.metrics = { prometheus: { nodePort: 31119 } }), 'spec.openfx.prometheusNodePort: NodePort already used by spec.metrics.prometheus.nodePort (got 31119'],
  ['Grafana and the gateway on one NodePort', (d) => (d.spec.openfx.grafanaNodePort = 31113), 'spec.openfx.grafanaNodePort: NodePort already used by spec.openfx.gatewayNodePort (got 31113'],
  ['functions in the gateway\'s namespace', (d) => (d.spec.openfx.functionNamespace = 'openfx'), 'spec.openfx.functionNamespace: function namespace is the gateway\'s namespace'],
  ['the metrics layer\'s namespace', (d) => (d.spec.openfx.namespace = 'monitoring'), 'spec.openfx.namespace: namespace is already used by spec.metrics.namespace (got "monitoring"'],
  ['a scrape interval without a unit', (d) => (d.spec.openfx.scrapeInterval = '15'), 'spec.openfx.scrapeInterval: not a duration (got "15"'],
];

describe('openfx configuration errors', () => {
  test.each(BAD_OPENFX)('fails on %s', (_name, mutate, expected) => {
    // GIVEN
    const document = exampleDocument('lab');
    // WHEN
    mutate(document);
    // THEN
    expect(problemsOf(document).join('\n')).toContain(expected);
  });
});
