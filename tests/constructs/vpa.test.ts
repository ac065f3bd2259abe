import { Chart, Testing } from 'cdk8s';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { Vpa, VpaProps } from '../../src/constructs/vpa';
import { findObject } from '../helpers';

function synth(props: VpaProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  new Vpa(chart, 'Vpa', props);
  return { chart, objects: Testing.synth(chart) };
}

describe('Vpa', () => {
  test('minimal: upstream\'s CRDs, RBAC and the three components in kube-system, the webhook certificate supplied', () => {
    // GIVEN / WHEN
    const { objects, chart } = synth();
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name)).toEqual([
      'verticalpodautoscalercheckpoints.autoscaling.k8s.io',
      'verticalpodautoscalers.autoscaling.k8s.io',
    ]);
    const vpaCrd = findObject(objects, 'CustomResourceDefinition', 'verticalpodautoscalers.autoscaling.k8s.io');
    expect(vpaCrd.metadata.annotations['api-approved.kubernetes.io']).toBe('https://github.com/kubernetes/kubernetes/pull/63797');
    expect(vpaCrd.spec.versions.map((version: any) => [version.name, version.served, version.storage])).toEqual([['v1', true, true], ['v1beta2', true, false]]);
    for (const [name, image] of [['vpa-recommender', 'vpa-recommender:1.7.1'], ['vpa-updater', 'vpa-updater:1.7.1'], ['vpa-admission-controller', 'vpa-admission-controller:1.7.1']]) {
      const deployment = findObject(objects, 'Deployment', name);
      expect(deployment.metadata.namespace).toBe('kube-system');
      expect(deployment.spec.selector.matchLabels).toEqual({ app: name });
      expect(deployment.spec.template.spec.containers[0].image).toBe(`registry.k8s.io/autoscaling/${image}`);
      expect(deployment.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534 });
    }
    const admission = findObject(objects, 'Deployment', 'vpa-admission-controller').spec.template.spec;
    expect(admission.volumes).toEqual([{ name: 'tls-certs', secret: { secretName: 'vpa-tls-certs' } }]);
    expect(admission.containers[0].volumeMounts).toEqual([{ name: 'tls-certs', mountPath: '/etc/tls-certs', readOnly: true }]);
    expect(findObject(objects, 'Service', 'vpa-webhook').spec.ports).toEqual([{ name: 'webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' }]);
    const secret = chart.node.findAll().find((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret)!;
    expect([secret.namespace, secret.secretName, Object.keys(secret.keys)]).toEqual(['kube-system', 'vpa-tls-certs', ['caCert.pem', 'serverCert.pem', 'serverKey.pem']]);
    // The admission controller registers its own webhook: it may manage MutatingWebhookConfigurations, nothing else writes one.
    expect(objects.some((object) => object.kind === 'MutatingWebhookConfiguration')).toBe(false);
    expect(findObject(objects, 'ClusterRole', 'system:vpa-admission-controller').rules).toContainEqual({
      apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['create', 'delete', 'get', 'list', 'patch'],
    });
    expect(objects.filter((object) => object.kind === 'ClusterRoleBinding').every((binding: any) => binding.roleRef.name !== 'cluster-admin')).toBe(true);
  });

  test('all props', () => {
    // GIVEN
    const all: Required<VpaProps> = {
      namespace: 'vpa',
      recommenderImage: 'mirror.example.org/autoscaling/vpa-recommender:1.5.0',
      updaterImage: 'mirror.example.org/autoscaling/vpa-updater:1.5.0',
      admissionControllerImage: 'mirror.example.org/autoscaling/vpa-admission-controller:1.5.0',
    };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects.filter((object) => object.kind === 'Deployment').map((object: any) => [object.metadata.namespace, object.spec.template.spec.containers[0].image])).toEqual([
      ['vpa', all.recommenderImage],
      ['vpa', all.updaterImage],
      ['vpa', all.admissionControllerImage],
    ]);
    expect(findObject(objects, 'RoleBinding', 'system:leader-locking-vpa-recommender').metadata.namespace).toBe('vpa');
  });
});
