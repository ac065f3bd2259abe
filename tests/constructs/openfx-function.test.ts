import { Chart, Testing } from 'cdk8s';
import { OpenFxFunction, OpenFxFunctionProps } from '../../src/constructs/openfx-function';
import { OPENFX_FUNCTION_PORT, OPENFX_RUNTIMES } from '../../src/versions/component-options';
import { PrivateRegistry } from '../../src/constructs/private-registry';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

const registry = new PrivateRegistry({ host: 'registry.localtest.com', pullSecretName: 'regcred' });
const MINIMAL: OpenFxFunctionProps = { name: 'hello', runtime: 'python3', registry };

function synth(props: OpenFxFunctionProps) {
  const chart = new Chart(Testing.app(), 'test');
  const fn = new OpenFxFunction(chart, 'Function', props);
  return { chart, fn, objects: Testing.synth(chart) };
}

describe('OpenFxFunction', () => {
  test('minimal: what the gateway would deploy, in openfx-fn, on the runtime\'s executor image', () => {
    // GIVEN / WHEN
    const { objects, fn, chart } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'Deployment/openfx-fn/hello',
      'Service/openfx-fn/hello',
      'HorizontalPodAutoscaler/openfx-fn/hello',
    ]);
    expect(fn.image).toBe('registry.localtest.com/fxwatcher:0.1.0-python3');
    const secrets = chart.node.findAll().filter((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret);
    expect(secrets.map((secret) => `${secret.namespace}/${secret.secretName}`)).toEqual(['openfx-fn/regcred']);
  });

  test('the gateway finds it by openfx_fn and reaches it on gRPC port 50051', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'hello');
    expect(deployment.metadata.labels.openfx_fn).toBe('hello');
    expect(deployment.spec.selector.matchLabels).toEqual({ openfx_fn: 'hello' });
    expect(deployment.spec.replicas).toBeUndefined();
    const container = deployment.spec.template.spec.containers[0];
    expect(container.name).toBe('hello');
    expect(container.ports).toEqual([
      { name: 'grpc', containerPort: OPENFX_FUNCTION_PORT, protocol: 'TCP' },
      { name: 'fxmesh', containerPort: 50052, protocol: 'TCP' },
    ]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'grpc' });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const service = findObject(objects, 'Service', 'hello');
    expect(service.spec).toMatchObject({ type: 'ClusterIP', selector: { openfx_fn: 'hello' } });
    expect(service.spec.ports).toEqual([
      { name: 'fxwatcher', port: 50051, protocol: 'TCP', targetPort: 'grpc' },
      { name: 'fxmesh', port: 50052, protocol: 'TCP', targetPort: 'fxmesh' },
    ]);
  });

  test('other functions reach it on the mesh port 50052, as upstream mesh.go dials <function>.openfx-fn:50052', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    const service = findObject(objects, 'Service', 'hello');
    expect(service.metadata.namespace).toBe('openfx-fn');
    expect(service.spec.ports).toContainEqual({ name: 'fxmesh', port: 50052, protocol: 'TCP', targetPort: 'fxmesh' });
  });

  test('all props', () => {
    // GIVEN
    const props: Required<OpenFxFunctionProps> = {
      name: 'echo',
      runtime: 'go',
      registry,
      namespace: 'functions',
      image: 'registry.localtest.com/echo-go:0.2.0',
      offeredRuntimes: ['go', 'python3'],
      env: { LOG_LEVEL: 'debug', GREETING: 'hello' },
      resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi' },
      minReplicas: 2,
      maxReplicas: 8,
      targetCpuUtilization: 70,
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    const container = findObject(objects, 'Deployment', 'echo').spec.template.spec.containers[0];
    expect(container.image).toBe('registry.localtest.com/echo-go:0.2.0');
    expect(container.env).toEqual([{ name: 'GREETING', value: 'hello' }, { name: 'LOG_LEVEL', value: 'debug' }]);
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'echo').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'echo' },
      minReplicas: 2,
      maxReplicas: 8,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test.each(OPENFX_RUNTIMES)('defaults to the %s executor image of the registry', (runtime) => {
    expect(synth({ ...MINIMAL, runtime }).fn.image).toBe(`registry.localtest.com/fxwatcher:0.1.0-${runtime}`);
  });

  test('fails when the runtime is not offered', () => {
    expect(() => synth({ ...MINIMAL, runtime: 'java', offeredRuntimes: ['go', 'python3'] })).toThrow(
      "OpenFx function 'hello': 'runtime' \"java\" is not offered (expected one of go, python3)",
    );
  });

  test('fails when maxReplicas is below minReplicas', () => {
    expect(() => synth({ ...MINIMAL, minReplicas: 5, maxReplicas: 2 })).toThrow("'maxReplicas' (2) must be a whole number of at least 'minReplicas' (5)");
  });

  test.each([
    ['minReplicas of 0', { minReplicas: 0 }, "'minReplicas' must be a whole number of at least 1 (got 0)"],
    ['a CPU target above 100%', { targetCpuUtilization: 150 }, "'targetCpuUtilization' must be a whole percentage from 1 to 100 (got 150)"],
    ['a name starting with a digit', { name: '1st' }, "'name' must be a DNS label starting with a letter"],
    ['an environment variable named with a dash', { env: { 'LOG-LEVEL': 'x' } }, "'env' name \"LOG-LEVEL\" must be letters, digits and '_'"],
    ['PORT in the environment', { env: { PORT: '8080' } }, "'env' must not set PORT: the gateway always dials port 50051"],
    ['MESH_PORT in the environment', { env: { MESH_PORT: '9000' } }, "'env' must not set MESH_PORT: other functions always call port 50052"],
  ] as const)('fails on %s', (_case, change, message) => {
    expect(() => synth({ ...MINIMAL, ...change })).toThrow(message);
  });
});
