import { Chart, Testing } from 'cdk8s';
import { OPENFX_GATEWAY_RULES, OpenFxGateway, OpenFxGatewayProps } from '../../src/constructs/openfx-gateway';
import { PrivateRegistry } from '../../src/constructs/private-registry';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

const registry = new PrivateRegistry({ host: 'registry.localtest.com', pullSecretName: 'regcred' });

function synth(props: OpenFxGatewayProps) {
  const chart = new Chart(Testing.app(), 'test');
  const gateway = new OpenFxGateway(chart, 'Gateway', props);
  return { chart, gateway, objects: Testing.synth(chart) };
}

/** The Role of upstream deploy/yaml/rbac.yml, with Deployments in `apps` instead of the removed `extensions` group. */
const UPSTREAM_RULES = [
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
  { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'] },
];

describe('OpenFxGateway', () => {
  test('minimal: upstream names in openfx and openfx-fn, the registry\'s fxgateway:0.1.0', () => {
    // GIVEN / WHEN
    const { objects, gateway } = synth({ registry });
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/openfx/fxgateway',
      'Role/openfx-fn/fxgateway-role',
      'RoleBinding/openfx-fn/fxgateway-fn-access',
      'ServiceAccount/openfx-fn/default',
      'Deployment/openfx/fxgateway',
      'Service/openfx/fxgateway',
    ]);
    expect(gateway.image).toBe('registry.localtest.com/fxgateway:0.1.0');
    expect(findObject(objects, 'Service', 'fxgateway').spec.ports[0].nodePort).toBeUndefined();
  });

  test('the Role grants exactly the upstream rules, in current API groups, in the function namespace only', () => {
    // GIVEN / WHEN
    const { objects } = synth({ registry });
    // THEN
    const role = findObject(objects, 'Role', 'fxgateway-role');
    expect(role.metadata.namespace).toBe('openfx-fn');
    expect(role.rules).toEqual(UPSTREAM_RULES);
    expect(OPENFX_GATEWAY_RULES).toEqual(UPSTREAM_RULES);
    expect(objects.filter((object) => ['ClusterRole', 'ClusterRoleBinding'].includes(object.kind))).toEqual([]);
    expect(findObject(objects, 'RoleBinding', 'fxgateway-fn-access')).toMatchObject({
      metadata: { namespace: 'openfx-fn' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'fxgateway-role' },
      subjects: [{ kind: 'ServiceAccount', name: 'fxgateway', namespace: 'openfx' }],
    });
  });

  test('the gateway pod: its token mounted, restricted, probed on port 10000, told where functions go', () => {
    // GIVEN / WHEN
    const { objects } = synth({ registry });
    // THEN
    const deployment = findObject(objects, 'Deployment', 'fxgateway');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'fxgateway' });
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('fxgateway');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const container = pod.containers[0];
    expect(container.env).toEqual([
      { name: 'FUNCTION_NAMESPACE', value: 'openfx-fn' },
      { name: 'IMAGE_PULL_POLICY', value: 'IfNotPresent' },
    ]);
    expect(container.ports).toEqual([{ name: 'gateway', containerPort: 10000, protocol: 'TCP' }]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'gateway' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'gateway' });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '250Mi' }, limits: { memory: '250Mi' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('function pods pull with the registry Secret through the function namespace\'s default account, without a token', () => {
    // GIVEN / WHEN
    const { objects, chart } = synth({ registry });
    // THEN
    const account = objects.find((object) => object.kind === 'ServiceAccount' && object.metadata.name === 'default') as any;
    expect(account).toMatchObject({ metadata: { namespace: 'openfx-fn' }, imagePullSecrets: [{ name: 'regcred' }], automountServiceAccountToken: false });
    const secrets = chart.node.findAll().filter((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret);
    expect(secrets.map((secret) => `${secret.namespace}/${secret.secretName}/${secret.type}`).sort()).toEqual([
      'openfx-fn/regcred/kubernetes.io/dockerconfigjson',
      'openfx/regcred/kubernetes.io/dockerconfigjson',
    ]);
  });

  test('all props', () => {
    // GIVEN
    const props: Required<OpenFxGatewayProps> = {
      registry,
      namespace: 'fx',
      functionNamespace: 'fx-functions',
      image: 'registry.localtest.com/openfx/fxgateway:0.1.1',
      functionImagePullPolicy: 'Never',
      nodePort: 31113,
      resources: { cpu: '200m', memory: '300Mi', memoryLimit: '400Mi' },
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    const service = findObject(objects, 'Service', 'fxgateway');
    expect(service.spec).toMatchObject({ type: 'NodePort', selector: { app: 'fxgateway' }, ports: [{ port: 10000, targetPort: 'gateway', nodePort: 31113 }] });
    const container = findObject(objects, 'Deployment', 'fxgateway').spec.template.spec.containers[0];
    expect(container.image).toBe('registry.localtest.com/openfx/fxgateway:0.1.1');
    expect(container.env).toContainEqual({ name: 'FUNCTION_NAMESPACE', value: 'fx-functions' });
    expect(container.env).toContainEqual({ name: 'IMAGE_PULL_POLICY', value: 'Never' });
    expect(findObject(objects, 'Role', 'fxgateway-role').metadata.namespace).toBe('fx-functions');
  });

  test('Always reaches the function pods only through the gateway\'s environment, never its own container', () => {
    const { objects } = synth({ registry, functionImagePullPolicy: 'Always' });
    const container = findObject(objects, 'Deployment', 'fxgateway').spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'IMAGE_PULL_POLICY', value: 'Always' });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('fails when functions would share the gateway\'s namespace', () => {
    expect(() => synth({ registry, namespace: 'openfx', functionNamespace: 'openfx' })).toThrow(
      "OpenFx gateway: 'functionNamespace' must differ from 'namespace' (both \"openfx\")",
    );
  });

  test('fails on an unknown pull policy', () => {
    expect(() => synth({ registry, functionImagePullPolicy: 'Sometimes' as any })).toThrow("'functionImagePullPolicy' must be one of IfNotPresent, Always, Never (got \"Sometimes\")");
  });
});
