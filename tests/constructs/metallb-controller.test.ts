import { Chart, Testing } from 'cdk8s';
import { MetalLbController, MetalLbControllerProps } from '../../src/constructs/metallb-controller';
import { METALLB_CONTROLLER_IMAGE } from '../../src/versions/images';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

const MINIMAL: MetalLbControllerProps = { namespace: 'metallb-system', memberlistSecretName: 'memberlist' };

function synth(props: MetalLbControllerProps) {
  const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'networking' } });
  const controller = new MetalLbController(chart, 'Controller', props);
  return { controller, objects: Testing.synth(chart) };
}

describe('MetalLbController', () => {
  test('minimal: metallb-native.yaml objects under upstream names', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/metallb-system/controller',
      'Role/metallb-system/controller',
      'RoleBinding/metallb-system/controller',
      'ClusterRole//metallb-system:controller',
      'ClusterRoleBinding//metallb-system:controller',
      'Secret/metallb-system/metallb-webhook-cert',
      'Deployment/metallb-system/controller',
      'Service/metallb-system/metallb-webhook-service',
      'ValidatingWebhookConfiguration//metallb-webhook-configuration',
    ]);
  });

  test('Deployment: upstream selector, non-root nobody, probes, the memberlist Secret name and the webhook certificate', () => {
    const { objects } = synth(MINIMAL);
    const deployment = findObject(objects, 'Deployment', 'controller');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'metallb', component: 'controller' });
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534 });
    expect(pod.hostNetwork).toBeUndefined();
    const container = pod.containers[0];
    expect(container.image).toBe(METALLB_CONTROLLER_IMAGE);
    expect(container.args).toEqual(['--port=7472', '--log-level=info', '--tls-min-version=VersionTLS12']);
    expect(container.env).toEqual([
      { name: 'METALLB_ML_SECRET_NAME', value: 'memberlist' },
      { name: 'METALLB_DEPLOYMENT', value: 'controller' },
    ]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 17472 });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 17472 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes).toEqual([{ name: 'cert', secret: { secretName: 'metallb-webhook-cert', defaultMode: 420 } }]);
  });

  test('the webhook certificate Secret is empty: the controller fills it', () => {
    const { objects } = synth(MINIMAL);
    const secret = findObject(objects, 'Secret', 'metallb-webhook-cert');
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toBeUndefined();
  });

  test('the webhook Service reaches the controller\'s webhook port, and every webhook uses it', () => {
    const { objects } = synth(MINIMAL);
    const service = findObject(objects, 'Service', 'metallb-webhook-service');
    expect(service.spec.selector).toEqual({ component: 'controller' });
    expect(service.spec.ports).toEqual([{ name: 'webhook', port: 443, targetPort: 9443, protocol: 'TCP' }]);
    const webhooks = findObject(objects, 'ValidatingWebhookConfiguration', 'metallb-webhook-configuration').webhooks;
    expect(webhooks.map((webhook: any) => [webhook.name, webhook.clientConfig.service.path, webhook.rules[0].resources[0], webhook.rules[0].operations])).toEqual([
      ['bgppeersvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta2-bgppeer', 'bgppeers', ['CREATE', 'UPDATE']],
      ['bfdprofilevalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-bfdprofile', 'bfdprofiles', ['CREATE', 'DELETE']],
      ['bgpadvertisementvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-bgpadvertisement', 'bgpadvertisements', ['CREATE', 'UPDATE']],
      ['communityvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-community', 'communities', ['CREATE', 'UPDATE']],
      ['ipaddresspoolvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-ipaddresspool', 'ipaddresspools', ['CREATE', 'UPDATE']],
      ['l2advertisementvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-l2advertisement', 'l2advertisements', ['CREATE', 'UPDATE']],
    ]);
    for (const webhook of webhooks) {
      expect(webhook).toMatchObject({ failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'] });
      expect(webhook.clientConfig.service).toMatchObject({ name: 'metallb-webhook-service', namespace: 'metallb-system' });
    }
  });

  test('RBAC: upstream rules without the removed PodSecurityPolicy API', () => {
    const { objects } = synth(MINIMAL);
    const clusterRole = findObject(objects, 'ClusterRole', 'metallb-system:controller');
    expect(JSON.stringify(clusterRole.rules)).not.toContain('podsecuritypolicies');
    expect(clusterRole.rules[0]).toEqual({ apiGroups: [''], resources: ['services', 'namespaces'], verbs: ['get', 'list', 'watch'] });
    expect(clusterRole.rules).toContainEqual({ apiGroups: ['metallb.io'], resources: ['configurationstates/status'], verbs: ['get', 'patch', 'update'] });
    expect(clusterRole.rules.find((rule: any) => rule.resources.includes('customresourcedefinitions') && rule.resourceNames).resourceNames)
      .toContain('configurationstates.metallb.io');
    const role = findObject(objects, 'Role', 'controller');
    expect(role.rules.slice(0, 3)).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['memberlist'], verbs: ['list'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['controller'], verbs: ['get'] },
    ]);
    expect(findObject(objects, 'ClusterRoleBinding', 'metallb-system:controller').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'controller', namespace: 'metallb-system' },
    ]);
  });

  test('needs no policy waiver', () => {
    const { controller } = synth(MINIMAL);
    expect(waiversOf(controller.deployment.apiObject)).toEqual([]);
  });

  test('all props', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<MetalLbControllerProps> = {
      namespace: 'lb',
      memberlistSecretName: 'gossip-key',
      image: 'registry.openmcp.local/metallb/controller:v0.14.8',
      resources: { cpu: '100m', memory: '128Mi' },
      logLevel: 'debug',
    };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    const container = findObject(objects, 'Deployment', 'controller').spec.template.spec.containers[0];
    expect(container.image).toBe(all.image);
    expect(container.args).toContain('--log-level=debug');
    expect(container.env[0]).toEqual({ name: 'METALLB_ML_SECRET_NAME', value: 'gossip-key' });
    expect(findObject(objects, 'Role', 'controller').rules[1].resourceNames).toEqual(['gossip-key']);
    expect(findObject(objects, 'ValidatingWebhookConfiguration', 'metallb-webhook-configuration').webhooks[0].clientConfig.service.namespace).toBe('lb');
  });
});
