import { Chart, Testing } from 'cdk8s';
import { OpenMcpController, OpenMcpControllerProps } from '../../src/constructs/openmcp-controller';
import { OPENMCP_CONTROLLERS } from '../../src/versions/component-options';
import { OPENMCP_CONTROLLER_IMAGES } from '../../src/versions/images';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

function synth(props: OpenMcpControllerProps) {
  const chart = new Chart(Testing.app(), 'test');
  const controller = new OpenMcpController(chart, 'Controller', props);
  return { controller, objects: Testing.synth(chart) };
}

describe('OpenMcpController', () => {
  test('minimal: ServiceAccount and Deployment named like the controller, with upstream\'s selector, command, env and tolerations', () => {
    // GIVEN / WHEN
    const { objects, controller } = synth({ controller: 'openmcp-scheduler' });
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/openmcp/openmcp-scheduler',
      'Deployment/openmcp/openmcp-scheduler',
    ]);
    const deployment = findObject(objects, 'Deployment', 'openmcp-scheduler');
    expect(deployment.spec.selector.matchLabels).toEqual({ name: 'openmcp-scheduler' });
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'openmcp-scheduler', automountServiceAccountToken: true });
    expect(pod.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', tolerationSeconds: 0 },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', tolerationSeconds: 0 },
    ]);
    const container = pod.containers[0];
    expect(container).toMatchObject({ name: 'openmcp-scheduler', image: 'ketidevit2/openmcp-scheduler:v0.0.1', command: ['openmcp-scheduler'], imagePullPolicy: 'IfNotPresent' });
    expect(container.env).toEqual([
      { name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'OPERATOR_NAME', value: 'openmcp-scheduler' },
    ]);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.readinessProbe).toBeUndefined();
    expect(waiversOf(controller.deployment.apiObject).map((waiver) => waiver.rule)).toEqual(['readiness-probe']);
  });

  test('all props: a served port with TCP probes, a LoadBalancer Service, secret mounts and pull secrets', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<OpenMcpControllerProps> = {
      controller: 'openmcp-loadbalancing-controller',
      namespace: 'federation',
      image: 'registry.example.org/openmcp-loadbalancing-controller:v0.0.2',
      env: [{ name: 'GRPC_SERVER', value: '10.0.3.30' }],
      port: { name: 'http', containerPort: 80 },
      service: { type: 'LoadBalancer', port: 80, nodePort: 30004, externalTrafficPolicy: 'Local', annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.3.241' } },
      secretMounts: [{ name: 'certs', secretName: 'lb-tls', mountPath: '/etc/certs' }],
      imagePullSecrets: ['regcred'],
      resources: { cpu: '100m', memory: '64Mi' },
      runAsUser: 2000,
    };
    // WHEN
    const { objects, controller } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    const pod = findObject(objects, 'Deployment', 'openmcp-loadbalancing-controller').spec.template.spec;
    expect(pod.containers[0].readinessProbe).toMatchObject({ tcpSocket: { port: 'http' } });
    expect(pod.containers[0].livenessProbe).toMatchObject({ tcpSocket: { port: 'http' } });
    // Port 80 as a non-root user: opened with the namespaced sysctl, not a capability.
    expect(pod.securityContext).toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(pod.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'lb-tls' } });
    expect(findObject(objects, 'Service', 'openmcp-loadbalancing-controller')).toMatchObject({
      metadata: { namespace: 'federation', annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.3.241' } },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { name: 'openmcp-loadbalancing-controller' }, ports: [{ port: 80, targetPort: 'http', nodePort: 30004 }] },
    });
    expect(waiversOf(controller.deployment.apiObject)).toEqual([]);
  });

  test('every controller has a pinned v0.0.1 image', () => {
    expect(OPENMCP_CONTROLLERS).toHaveLength(21);
    for (const name of OPENMCP_CONTROLLERS) {
      expect(OPENMCP_CONTROLLER_IMAGES[name]).toBe(`ketidevit2/${name}:v0.0.1`);
    }
  });

  test('fails when a Service has no port to forward to', () => {
    expect(() => synth({ controller: 'openmcp-apiserver', service: { type: 'LoadBalancer', nodePort: 30000 } })).toThrow(
      "OpenMCP controller 'openmcp-apiserver': 'service' needs 'port', the container port it forwards to",
    );
  });

  test('fails when env overrides a common variable or repeats one', () => {
    expect(() => synth({ controller: 'openmcp-scheduler', env: [{ name: 'OPERATOR_NAME', value: 'x' }] })).toThrow("'env' sets OPERATOR_NAME twice or overrides a common variable");
    expect(() => synth({ controller: 'openmcp-scheduler', env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] })).toThrow("'env' sets A twice");
  });

  test('fails on an unknown controller or a bad port', () => {
    expect(() => synth({ controller: 'openmcp-fantasy' as never })).toThrow("OpenMCP controller: 'controller' must be one of");
    expect(() => synth({ controller: 'openmcp-apiserver', port: { name: 'http', containerPort: 70000 } })).toThrow("'port.containerPort' must be a port number from 1 to 65535 (got 70000)");
  });
});
