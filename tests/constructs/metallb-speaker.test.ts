import { Chart, Testing } from 'cdk8s';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { MetalLbSpeaker, MetalLbSpeakerProps } from '../../src/constructs/metallb-speaker';
import { METALLB_SPEAKER_IMAGE } from '../../src/versions/images';
import { findObject } from '../helpers';

const MINIMAL: MetalLbSpeakerProps = { namespace: 'metallb-system', memberlistSecretName: 'memberlist' };

function synth(props: MetalLbSpeakerProps) {
  const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'networking' } });
  const speaker = new MetalLbSpeaker(chart, 'Speaker', props);
  return { speaker, objects: Testing.synth(chart) };
}

describe('MetalLbSpeaker', () => {
  test('minimal: metallb-native.yaml objects under upstream names', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/metallb-system/speaker',
      'Role/metallb-system/pod-lister',
      'RoleBinding/metallb-system/pod-lister',
      'ClusterRole//metallb-system:speaker',
      'ClusterRoleBinding//metallb-system:speaker',
      'ConfigMap/metallb-system/metallb-excludel2',
      'DaemonSet/metallb-system/speaker',
    ]);
  });

  test('DaemonSet: upstream selector, host network, NET_RAW only, memberlist key mounted from the Secret', () => {
    const { objects } = synth(MINIMAL);
    const daemonSet = findObject(objects, 'DaemonSet', 'speaker');
    expect(daemonSet.spec.selector.matchLabels).toEqual({ app: 'metallb', component: 'speaker' });
    const pod = daemonSet.spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, serviceAccountName: 'speaker', automountServiceAccountToken: true, terminationGracePeriodSeconds: 2 });
    const container = pod.containers[0];
    expect(container.image).toBe(METALLB_SPEAKER_IMAGE);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { add: ['NET_RAW'], drop: ['ALL'] } });
    expect(container.securityContext.privileged).toBeUndefined();
    expect(container.env).toContainEqual({ name: 'METALLB_ML_SECRET_KEY_PATH', value: '/etc/ml_secret_key' });
    expect(container.env).toContainEqual({ name: 'METALLB_ML_LABELS', value: 'app=metallb,component=speaker' });
    expect(container.ports).toEqual([
      { name: 'monitoring', containerPort: 7472 },
      { name: 'memberlist-tcp', containerPort: 7946 },
      { name: 'memberlist-udp', containerPort: 7946, protocol: 'UDP' },
    ]);
    // 0.16's health server listens on 127.0.0.1 in the host network: the kubelet must probe that address.
    expect(container.readinessProbe.httpGet).toEqual({ host: '127.0.0.1', path: '/readyz', port: 17472 });
    expect(container.livenessProbe.httpGet).toEqual({ host: '127.0.0.1', path: '/healthz', port: 17472 });
    expect(pod.volumes[0]).toEqual({ name: 'memberlist', secret: { secretName: 'memberlist', defaultMode: 420 } });
  });

  test('never announces from container, tunnel or Flannel interfaces', () => {
    const { objects } = synth(MINIMAL);
    const text = findObject(objects, 'ConfigMap', 'metallb-excludel2').data['excludel2.yaml'];
    expect(text).toMatch(/^announcedInterfacesToExclude: \[/);
    expect(text).toContain('"^flannel.*"');
    expect(text).toContain('"^cni.*"');
  });

  test('RBAC: upstream rules without the removed PodSecurityPolicy API', () => {
    const { objects } = synth(MINIMAL);
    expect(findObject(objects, 'ClusterRole', 'metallb-system:speaker').rules).toEqual([
      { apiGroups: ['metallb.io'], resources: ['servicel2statuses', 'servicel2statuses/status', 'configurationstates', 'configurationstates/status'], verbs: ['*'] },
      { apiGroups: [''], resources: ['services', 'endpoints', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    expect(findObject(objects, 'Role', 'pod-lister').rules).toContainEqual(
      { apiGroups: ['metallb.io'], resources: ['servicebgpstatuses', 'servicebgpstatuses/status'], verbs: ['*'] },
    );
    expect(findObject(objects, 'RoleBinding', 'pod-lister').subjects).toEqual([{ kind: 'ServiceAccount', name: 'speaker', namespace: 'metallb-system' }]);
  });

  test('declares its host network and nothing else', () => {
    const { speaker } = synth(MINIMAL);
    expect(waiversOf(speaker.daemonSet.apiObject).map((waiver) => waiver.rule)).toEqual(['host-network']);
  });

  test('all props', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<MetalLbSpeakerProps> = {
      namespace: 'lb',
      memberlistSecretName: 'gossip-key',
      image: 'registry.openmcp.local/metallb/speaker:v0.14.8',
      resources: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
      logLevel: 'warn',
    };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    const pod = findObject(objects, 'DaemonSet', 'speaker').spec.template.spec;
    expect(pod.containers[0].image).toBe(all.image);
    expect(pod.containers[0].args).toContain('--log-level=warn');
    expect(pod.volumes[0].secret.secretName).toBe('gossip-key');
    expect(findObject(objects, 'ClusterRoleBinding', 'metallb-system:speaker').subjects[0].namespace).toBe('lb');
  });
});
