import { Chart, Testing } from 'cdk8s';
import { MetricsServer, MetricsServerProps } from '../../src/constructs/metrics-server';
import { METRICS_SERVER_IMAGE } from '../../src/versions/images';
import { findObject } from '../helpers';

function synth(props?: MetricsServerProps) {
  const chart = new Chart(Testing.app(), 'test');
  const server = new MetricsServer(chart, 'MetricsServer', props);
  return { server, objects: Testing.synth(chart) };
}

describe('MetricsServer', () => {
  test('minimal: upstream objects in kube-system with seed 004\'s kubelet arguments', () => {
    // GIVEN / WHEN
    const { objects } = synth();
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/metrics-server',
      'ClusterRole/system:aggregated-metrics-reader',
      'ClusterRole/system:metrics-server',
      'RoleBinding/metrics-server-auth-reader',
      'ClusterRoleBinding/metrics-server:system:auth-delegator',
      'ClusterRoleBinding/system:metrics-server',
      'Deployment/metrics-server',
      'Service/metrics-server',
      'APIService/v1beta1.metrics.k8s.io',
    ]);
    const container = findObject(objects, 'Deployment', 'metrics-server').spec.template.spec.containers[0];
    expect(container.image).toBe(METRICS_SERVER_IMAGE);
    expect(container.args).toEqual([
      '--cert-dir=/tmp',
      '--secure-port=10250',
      '--kubelet-preferred-address-types=InternalIP',
      '--kubelet-use-node-status-port',
      '--metric-resolution=15s',
      '--kubelet-insecure-tls',
    ]);
  });

  test('all props', () => {
    // GIVEN
    const props: Required<MetricsServerProps> = {
      namespace: 'metrics',
      image: 'mirror.local/metrics-server/metrics-server:v0.7.2',
      kubeletInsecureTls: false,
      kubeletPreferredAddressTypes: ['InternalIP', 'Hostname'],
      metricResolution: '30s',
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    const container = findObject(objects, 'Deployment', 'metrics-server').spec.template.spec.containers[0];
    expect(container.args).toContain('--kubelet-preferred-address-types=InternalIP,Hostname');
    expect(container.args).toContain('--metric-resolution=30s');
    expect(container.args).not.toContain('--kubelet-insecure-tls');
    // The authentication reader Role exists only in kube-system, whatever the server's namespace.
    expect(findObject(objects, 'RoleBinding', 'metrics-server-auth-reader').metadata.namespace).toBe('kube-system');
  });

  test('the APIService points at the metrics-server Service and its port', () => {
    const { objects } = synth();
    const apiService = findObject(objects, 'APIService', 'v1beta1.metrics.k8s.io');
    const service = findObject(objects, 'Service', 'metrics-server');
    expect(apiService.apiVersion).toBe('apiregistration.k8s.io/v1');
    expect(apiService.metadata.namespace).toBeUndefined();
    expect(apiService.spec).toMatchObject({ group: 'metrics.k8s.io', version: 'v1beta1' });
    expect(apiService.spec.service).toEqual({ name: service.metadata.name, namespace: service.metadata.namespace, port: service.spec.ports[0].port });
    expect(service.spec.ports[0]).toMatchObject({ port: 443, targetPort: 'https' });
  });

  test('probes /readyz and /livez over HTTPS on the https port, with a restricted security context', () => {
    const { objects } = synth();
    const pod = findObject(objects, 'Deployment', 'metrics-server').spec.template.spec;
    const container = pod.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'https', scheme: 'HTTPS' });
    expect(container.ports).toEqual([{ name: 'https', containerPort: 10250, protocol: 'TCP' }]);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(pod.serviceAccountName).toBe('metrics-server');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('RBAC: the aggregated reader is labelled for view/edit/admin and the server is bound to the upstream roles', () => {
    const { objects } = synth();
    expect(findObject(objects, 'ClusterRole', 'system:aggregated-metrics-reader').metadata.labels).toMatchObject({
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
    });
    expect(findObject(objects, 'RoleBinding', 'metrics-server-auth-reader').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'extension-apiserver-authentication-reader',
    });
    expect(findObject(objects, 'ClusterRoleBinding', 'metrics-server:system:auth-delegator').roleRef.name).toBe('system:auth-delegator');
    const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding');
    expect(bindings.map((binding: any) => binding.roleRef.name)).not.toContain('cluster-admin');
  });

  test('fails when no kubelet address type is given', () => {
    expect(() => synth({ kubeletPreferredAddressTypes: [] })).toThrow("'kubeletPreferredAddressTypes' must name at least one address type");
  });

  test('fails on an unknown kubelet address type', () => {
    expect(() => synth({ kubeletPreferredAddressTypes: ['PodIP' as any] })).toThrow("'kubeletPreferredAddressTypes' contains 'PodIP'");
  });

  test('fails on a duplicate kubelet address type', () => {
    expect(() => synth({ kubeletPreferredAddressTypes: ['InternalIP', 'InternalIP'] })).toThrow("lists 'InternalIP' twice");
  });

  test('fails on a metric resolution that is no duration', () => {
    expect(() => synth({ metricResolution: '15' })).toThrow("'metricResolution' must be a duration such as 15s or 1m (got \"15\")");
  });
});
