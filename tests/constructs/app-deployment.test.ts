import { Chart, Testing } from 'cdk8s';
import { AppDeployment, AppDeploymentProps } from '../../src/constructs/app-deployment';
import { AppService } from '../../src/constructs/app-service';
import { RESTRICTED_SECURITY_CONTEXT } from '../../src/constructs/container';
import { findObject } from '../helpers';

const MINIMAL: AppDeploymentProps = {
  name: 'demo',
  appName: 'demo',
  component: 'server',
  namespace: 'demo',
  containers: [{ name: 'demo', image: 'example.org/demo:1.0.0', resources: { cpu: '10m', memory: '32Mi' } }],
};

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'test' } });
}

describe('AppDeployment', () => {
  test('minimal: readable selector, no token, IfNotPresent, restricted, requests and a memory limit', () => {
    // GIVEN
    const scope = chart();
    // WHEN
    new AppDeployment(scope, 'Deployment', MINIMAL);
    // THEN
    const objects = Testing.synth(scope);
    expect(objects).toMatchSnapshot();
    const deployment = findObject(objects, 'Deployment', 'demo');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'demo' });
    expect(JSON.stringify(deployment)).not.toContain('cdk8s.io/metadata.addr');
    expect(deployment.spec.template.metadata.labels).toEqual({
      app: 'demo',
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/name': 'demo',
      'app.kubernetes.io/part-of': 'test',
    });
    const pod = deployment.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      securityContext: RESTRICTED_SECURITY_CONTEXT,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } },
    });
  });

  test('all props', () => {
    const scope = chart();
    const all: Required<AppDeploymentProps> = {
      ...MINIMAL,
      selectorLabels: { name: 'demo-controller' },
      podLabels: { tier: 'backend' },
      replicas: 2,
      strategy: 'Recreate',
      serviceAccountName: 'demo',
      apiAccess: true,
      imagePullSecrets: ['regcred'],
      podSecurityContext: { fsGroup: 2000 },
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      terminationGracePeriodSeconds: 10,
      initContainers: [{ name: 'init', image: 'example.org/init:1.0.0', resources: { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi', cpuLimit: '100m' } }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
      hostNetwork: false,
      hostPID: false,
      dnsPolicy: 'ClusterFirst',
    };
    new AppDeployment(scope, 'Deployment', all);
    const objects = Testing.synth(scope);
    expect(objects).toMatchSnapshot();
    const deployment = findObject(objects, 'Deployment', 'demo');
    expect(deployment.spec.selector.matchLabels).toEqual({ name: 'demo-controller' });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(deployment.spec.template.spec.initContainers[0].resources.limits).toEqual({ memory: '32Mi', cpu: '100m' });
  });

  test('fails when replicas is negative or fractional', () => {
    expect(() => new AppDeployment(chart(), 'Deployment', { ...MINIMAL, replicas: -1 })).toThrow("Deployment 'demo': 'replicas' must be a whole number of at least 0 (got -1)");
    expect(() => new AppDeployment(chart(), 'Deployment', { ...MINIMAL, replicas: 1.5 })).toThrow("'replicas' must be a whole number");
  });

  test('fails when there are no containers or two share a name', () => {
    expect(() => new AppDeployment(chart(), 'Deployment', { ...MINIMAL, containers: [] })).toThrow("'containers' must hold at least one container");
    expect(() => new AppDeployment(chart(), 'Deployment', { ...MINIMAL, initContainers: MINIMAL.containers })).toThrow("container name 'demo' is used twice");
  });

  test('fails when the selector is empty', () => {
    expect(() => new AppDeployment(chart(), 'Deployment', { ...MINIMAL, selectorLabels: {} })).toThrow("'selectorLabels' must not be empty");
  });
});

describe('AppService', () => {
  test('selects the workload by its own selector labels', () => {
    const scope = chart();
    const deployment = new AppDeployment(scope, 'Deployment', { ...MINIMAL, selectorLabels: { app: 'fxgateway' } });
    new AppService(scope, 'Service', { name: 'demo', appName: 'demo', component: 'server', target: deployment, type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 31113 }] });
    const service = findObject(Testing.synth(scope), 'Service', 'demo');
    expect(service.spec).toEqual({ type: 'NodePort', selector: { app: 'fxgateway' }, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 31113, protocol: 'TCP' }] });
    expect(service.metadata.namespace).toBe('demo');
  });

  test('fails when a ClusterIP Service sets a NodePort, or has no ports', () => {
    const scope = chart();
    const deployment = new AppDeployment(scope, 'Deployment', MINIMAL);
    expect(() => new AppService(scope, 'A', { name: 'a', appName: 'demo', component: 'server', target: deployment, ports: [{ name: 'http', port: 80, nodePort: 30080 }] })).toThrow(
      "Service 'a': port 'http' sets 'nodePort' (30080) but the Service type is ClusterIP",
    );
    expect(() => new AppService(scope, 'B', { name: 'b', appName: 'demo', component: 'server', target: deployment, ports: [] })).toThrow("'ports' must hold at least one port");
  });
});
