import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { Chart, Testing } from 'cdk8s';
import {
  DASHBOARD_METRICS_SCRAPER_IMAGE,
  KUBERNETES_DASHBOARD_IMAGE,
  KubernetesDashboard,
  KubernetesDashboardProps,
} from '../../src/constructs/kubernetes-dashboard';
import { findObject } from '../helpers';

const MINIMAL: KubernetesDashboardProps = { host: 'dashboard.localtest.com', frontend: new IngressFrontend({ className: 'nginx' }) };

function synth(props: KubernetesDashboardProps) {
  const chart = new Chart(Testing.app(), 'test');
  const dashboard = new KubernetesDashboard(chart, 'Dashboard', props);
  return { dashboard, objects: Testing.synth(chart) };
}

describe('KubernetesDashboard', () => {
  test('minimal: upstream v2.7.0 object names, published only by the Ingress', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    const names = objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining([
      'ServiceAccount/kubernetes-dashboard',
      'Service/kubernetes-dashboard',
      'Secret/kubernetes-dashboard-certs',
      'Secret/kubernetes-dashboard-csrf',
      'Secret/kubernetes-dashboard-key-holder',
      'ConfigMap/kubernetes-dashboard-settings',
      'Role/kubernetes-dashboard',
      'ClusterRole/kubernetes-dashboard',
      'RoleBinding/kubernetes-dashboard',
      'ClusterRoleBinding/kubernetes-dashboard',
      'Deployment/kubernetes-dashboard',
      'Service/dashboard-metrics-scraper',
      'Deployment/dashboard-metrics-scraper',
      'Ingress/kubernetes-dashboard',
    ]));
    for (const object of objects.filter((candidate) => candidate.kind === 'Service')) {
      expect(object.spec.type).toBe('ClusterIP');
    }
    const ingress = findObject(objects, 'Ingress', 'kubernetes-dashboard');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules[0].host).toBe('dashboard.localtest.com');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'kubernetes-dashboard', port: { number: 443 } });
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/backend-protocol']).toBe('HTTPS');
    const images = ['kubernetes-dashboard', 'dashboard-metrics-scraper'].map((name) => findObject(objects, 'Deployment', name).spec.template.spec.containers[0].image);
    expect(images).toEqual([KUBERNETES_DASHBOARD_IMAGE, DASHBOARD_METRICS_SCRAPER_IMAGE]);
  });

  test('all props', () => {
    // GIVEN
    const props: Required<KubernetesDashboardProps> = {
      ...MINIMAL,
      namespace: 'dashboard',
      image: 'mirror.local/kubernetesui/dashboard:v2.7.0',
      metricsScraperImage: 'mirror.local/kubernetesui/metrics-scraper:v1.0.8',
      viewerServiceAccountName: 'readonly-user',
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'Deployment', 'kubernetes-dashboard').spec.template.spec.containers[0].args).toEqual(['--auto-generate-certificates', '--namespace=dashboard']);
    expect(findObject(objects, 'ServiceAccount', 'readonly-user').metadata.namespace).toBe('dashboard');
  });

  test('the sign-in ServiceAccount is read-only and nothing is bound to cluster-admin', () => {
    // GIVEN / WHEN
    const { objects, dashboard } = synth(MINIMAL);
    // THEN
    const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding') as any[];
    expect(bindings.map((binding) => binding.roleRef.name)).not.toContain('cluster-admin');
    const viewerBindings = bindings.filter((binding) => binding.subjects.some((subject: any) => subject.name === dashboard.viewerServiceAccountName));
    expect(viewerBindings.map((binding) => binding.roleRef)).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubernetes-dashboard-readonly' },
    ]);
    const role = findObject(objects, 'ClusterRole', 'kubernetes-dashboard-readonly');
    expect(new Set(role.rules.flatMap((rule: any) => rule.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(role.rules.flatMap((rule: any) => rule.resources)).not.toContain('secrets');
    expect(role.rules.flatMap((rule: any) => rule.resources)).not.toContain('pods/exec');
    expect(role.rules.flatMap((rule: any) => rule.apiGroups)).not.toContain('*');
  });

  test('the dashboard\'s own Secrets carry no values', () => {
    const { objects } = synth(MINIMAL);
    const secrets = objects.filter((object) => object.kind === 'Secret') as any[];
    expect(secrets.flatMap((secret) => Object.values(secret.data ?? {}))).toEqual(['']);
    expect(secrets.some((secret) => secret.stringData)).toBe(false);
  });

  test('containers run as upstream\'s 1001:2001, read-only, with readiness probes', () => {
    const { objects } = synth(MINIMAL);
    for (const name of ['kubernetes-dashboard', 'dashboard-metrics-scraper']) {
      const container = findObject(objects, 'Deployment', name).spec.template.spec.containers[0];
      expect(container.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 2001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(container.readinessProbe).toBeDefined();
    }
  });

  test('fails on a host that is no DNS name', () => {
    expect(() => synth({ ...MINIMAL, host: 'https://dashboard' })).toThrow("'host' must be a DNS name such as dashboard.example.org (got \"https://dashboard\")");
  });

  test('fails when the viewer would be the dashboard\'s own ServiceAccount', () => {
    expect(() => synth({ ...MINIMAL, viewerServiceAccountName: 'kubernetes-dashboard' })).toThrow("'viewerServiceAccountName' must differ");
  });
});
