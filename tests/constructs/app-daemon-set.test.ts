import { Chart, Testing } from 'cdk8s';
import { AppDaemonSet, AppDaemonSetProps } from '../../src/constructs/app-daemon-set';
import { RESTRICTED_SECURITY_CONTEXT } from '../../src/constructs/container';
import { findObject } from '../helpers';

const MINIMAL: AppDaemonSetProps = {
  name: 'agent',
  appName: 'agent',
  component: 'node-agent',
  namespace: 'agents',
  containers: [{ name: 'agent', image: 'example.org/agent:1.0.0', resources: { cpu: '10m', memory: '32Mi' } }],
};

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'test' } });
}

describe('AppDaemonSet', () => {
  test('minimal: readable selector, rolling update, no token, IfNotPresent, restricted, requests and a memory limit', () => {
    // GIVEN
    const scope = chart();
    // WHEN
    const daemonSet = new AppDaemonSet(scope, 'DaemonSet', MINIMAL);
    // THEN
    const objects = Testing.synth(scope);
    expect(objects).toMatchSnapshot();
    const object = findObject(objects, 'DaemonSet', 'agent');
    expect(object.metadata.namespace).toBe('agents');
    expect(object.spec.selector.matchLabels).toEqual({ app: 'agent' });
    expect(object.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(object.spec.template.metadata.labels).toEqual({
      app: 'agent',
      'app.kubernetes.io/component': 'node-agent',
      'app.kubernetes.io/name': 'agent',
      'app.kubernetes.io/part-of': 'test',
    });
    const pod = object.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      securityContext: RESTRICTED_SECURITY_CONTEXT,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } },
    });
    expect(daemonSet.selectorLabels).toEqual({ app: 'agent' });
  });

  test('all props', () => {
    // GIVEN
    const scope = chart();
    // Every prop set, so a new prop breaks compilation until this test covers it.
    const all: Required<AppDaemonSetProps> = {
      ...(MINIMAL as Required<Pick<AppDaemonSetProps, 'name' | 'appName' | 'component' | 'namespace' | 'containers'>>),
      selectorLabels: { 'k8s-app': 'agent' },
      podLabels: { tier: 'node' },
      initContainers: [{ name: 'install', image: 'example.org/install:1.0.0', resources: { cpu: '10m', memory: '16Mi' } }],
      volumes: [{ name: 'host-etc', hostPath: { path: '/etc/agent' } }],
      serviceAccountName: 'agent',
      apiAccess: true,
      imagePullSecrets: ['regcred'],
      podSecurityContext: { fsGroup: 2000 },
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      hostNetwork: true,
      hostPID: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      priorityClassName: 'system-node-critical',
      terminationGracePeriodSeconds: 5,
      updateStrategy: 'RollingUpdate',
      maxUnavailable: '20%',
    };
    // WHEN
    new AppDaemonSet(scope, 'DaemonSet', all);
    // THEN
    const objects = Testing.synth(scope);
    expect(objects).toMatchSnapshot();
    const object = findObject(objects, 'DaemonSet', 'agent');
    expect(object.spec.selector.matchLabels).toEqual({ 'k8s-app': 'agent' });
    expect(object.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '20%' } });
    expect(object.spec.template.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', priorityClassName: 'system-node-critical' });
  });

  test('OnDelete and a numeric maxUnavailable', () => {
    const scope = chart();
    new AppDaemonSet(scope, 'OnDelete', { ...MINIMAL, name: 'manual', updateStrategy: 'OnDelete' });
    new AppDaemonSet(scope, 'Rolling', { ...MINIMAL, name: 'rolling', maxUnavailable: 2 });
    const objects = Testing.synth(scope);
    expect(findObject(objects, 'DaemonSet', 'manual').spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(findObject(objects, 'DaemonSet', 'rolling').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
  });

  test('fails when maxUnavailable is set with OnDelete', () => {
    expect(() => new AppDaemonSet(chart(), 'DaemonSet', { ...MINIMAL, updateStrategy: 'OnDelete', maxUnavailable: 1 })).toThrow(
      "DaemonSet 'agent': 'maxUnavailable' (1) applies only to the RollingUpdate strategy (got OnDelete)",
    );
  });

  test('fails when maxUnavailable is zero, fractional or a malformed percentage', () => {
    expect(() => new AppDaemonSet(chart(), 'DaemonSet', { ...MINIMAL, maxUnavailable: 0 })).toThrow("'maxUnavailable' must be a whole number of at least 1 or a percentage from 1% to 100% (got 0)");
    expect(() => new AppDaemonSet(chart(), 'DaemonSet', { ...MINIMAL, maxUnavailable: 1.5 })).toThrow("'maxUnavailable' must be");
    expect(() => new AppDaemonSet(chart(), 'DaemonSet', { ...MINIMAL, maxUnavailable: '150%' })).toThrow('(got "150%")');
  });

  test('fails when there are no containers or two share a name', () => {
    expect(() => new AppDaemonSet(chart(), 'DaemonSet', { ...MINIMAL, containers: [] })).toThrow("DaemonSet 'agent': 'containers' must hold at least one container");
    expect(() => new AppDaemonSet(chart(), 'DaemonSet', { ...MINIMAL, initContainers: MINIMAL.containers })).toThrow("container name 'agent' is used twice");
  });
});
