import { Chart, Testing } from 'cdk8s';
import { Headlamp, HeadlampProps } from '../../src/constructs/headlamp';
import { HEADLAMP_IMAGE } from '../../src/versions/images';
import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { findObject } from '../helpers';

const MINIMAL: HeadlampProps = { host: 'dashboard.localtest.com', frontend: new IngressFrontend({ className: 'nginx' }) };

function synth(props: HeadlampProps) {
  const chart = new Chart(Testing.app(), 'test');
  const headlamp = new Headlamp(chart, 'Headlamp', props);
  return { headlamp, objects: Testing.synth(chart) };
}

describe('Headlamp', () => {
  test('minimal: in-cluster Headlamp published only by its route', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/headlamp',
      'ServiceAccount/headlamp-viewer',
      'ClusterRole/headlamp-readonly',
      'ClusterRoleBinding/headlamp-readonly',
      'Deployment/headlamp',
      'Service/headlamp',
      'Ingress/headlamp',
    ]);
    expect(findObject(objects, 'Service', 'headlamp').spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 4466 }] });
    const ingress = findObject(objects, 'Ingress', 'headlamp');
    expect(ingress.spec.rules[0].host).toBe('dashboard.localtest.com');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'headlamp', port: { number: 80 } });
    const container = findObject(objects, 'Deployment', 'headlamp').spec.template.spec.containers[0];
    expect(container.image).toBe(HEADLAMP_IMAGE);
    expect(container.args).toEqual(['-in-cluster', '-plugins-dir=/headlamp/plugins']);
  });

  test('read-only by default: Headlamp itself is bound to nothing, the sign-in account only reads, nothing is cluster-admin', () => {
    const { objects, headlamp } = synth(MINIMAL);
    const bindings = objects.filter((object) => object.kind.endsWith('RoleBinding')) as any[];
    expect(bindings.map((binding) => binding.roleRef.name)).toEqual(['headlamp-readonly']);
    expect(bindings[0].subjects).toEqual([{ kind: 'ServiceAccount', name: headlamp.viewerServiceAccountName, namespace: 'headlamp' }]);
    const role = findObject(objects, 'ClusterRole', 'headlamp-readonly');
    expect(new Set(role.rules.flatMap((rule: any) => rule.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    const resources = role.rules.flatMap((rule: any) => rule.resources);
    for (const forbidden of ['secrets', 'pods/exec', 'pods/log', 'pods/attach', 'pods/portforward', '*']) {
      expect(resources).not.toContain(forbidden);
    }
    expect(role.rules.flatMap((rule: any) => rule.apiGroups)).not.toContain('*');
  });

  test('runs as the image\'s user 100:101 with a read-only root and a readiness probe', () => {
    const { objects } = synth(MINIMAL);
    const container = findObject(objects, 'Deployment', 'headlamp').spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsUser: 100, runAsGroup: 101, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/', port: 4466 });
  });

  test('all props', () => {
    const props: Required<HeadlampProps> = { ...MINIMAL, namespace: 'ui', image: 'mirror.local/headlamp-k8s/headlamp:v0.43.0', viewerServiceAccountName: 'readonly-user' };
    const { objects } = synth(props);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'ServiceAccount', 'readonly-user').metadata.namespace).toBe('ui');
    expect(findObject(objects, 'Deployment', 'headlamp').spec.template.spec.containers[0].image).toBe('mirror.local/headlamp-k8s/headlamp:v0.43.0');
  });

  test('fails on a host that is no DNS name', () => {
    expect(() => synth({ ...MINIMAL, host: 'https://dashboard' })).toThrow("Headlamp: 'host' must be a DNS name such as dashboard.example.org (got \"https://dashboard\")");
  });

  test('fails when the viewer would be Headlamp\'s own ServiceAccount', () => {
    expect(() => synth({ ...MINIMAL, viewerServiceAccountName: 'headlamp' })).toThrow("Headlamp: 'viewerServiceAccountName' must differ from Headlamp's own ServiceAccount 'headlamp'");
  });
});
