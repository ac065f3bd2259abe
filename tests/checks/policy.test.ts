import { checkPolicy } from '../../src/checks/policy';
import { isPinnedImage } from '../../src/kube/image-reference';
import { baseline, entriesOf, pick } from './fixtures';

function failuresOf(objects: any[]): Array<{ field: string; message: string; rule?: string }> {
  return checkPolicy(entriesOf(objects)).map(({ field, message, rule }) => ({ field, message, rule }));
}

const CONTAINER = 'spec.template.spec.containers[0]';

describe('policy check', () => {
  test('accepts the baseline application', () => {
    expect(failuresOf(baseline())).toEqual([]);
  });

  test.each([
    ['latest', 'registry.example.org/demo:latest'],
    ['untagged', 'registry.example.org/demo'],
    ['registry port mistaken for a tag', 'registry.example.org:5000/demo'],
  ])('fails on a %s image', (_case, image) => {
    const objects = baseline();
    pick(objects, 'Deployment').spec.template.spec.containers[0].image = image;
    expect(failuresOf(objects)).toEqual([{ field: `${CONTAINER}.image`, message: expect.stringContaining('is not pinned'), rule: undefined }]);
  });

  test('accepts digests and tags', () => {
    expect(isPinnedImage('registry:2.8.3')).toBe(true);
    expect(isPinnedImage(`registry.example.org:5000/demo@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isPinnedImage('registry.example.org:5000/demo:1.0')).toBe(true);
  });

  test('fails when requests or the memory limit are missing', () => {
    const objects = baseline();
    pick(objects, 'Deployment').spec.template.spec.containers[0].resources = { requests: { cpu: '10m' } };
    expect(failuresOf(objects)).toEqual([{ field: `${CONTAINER}.resources`, message: 'missing requests.memory, limits.memory', rule: 'resources' }]);
  });

  test('fails when a long-running container has no readiness probe, but not an init container or a Job', () => {
    const objects = baseline();
    const pod = pick(objects, 'Deployment').spec.template.spec;
    delete pod.containers[0].readinessProbe;
    pod.initContainers = [{ ...pod.containers[0], name: 'init' }];
    objects.push({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'demo', labels: pick(objects, 'Deployment').metadata.labels }, spec: { template: { spec: { restartPolicy: 'Never', containers: [pod.containers[0]] } } } });
    expect(failuresOf(objects)).toEqual([{ field: `${CONTAINER}.readinessProbe`, message: expect.any(String), rule: 'readiness-probe' }]);
  });

  test('fails on privileged containers, host network, host PID and hostPath volumes', () => {
    const objects = baseline();
    const pod = pick(objects, 'Deployment').spec.template.spec;
    pod.hostNetwork = true;
    pod.hostPID = true;
    pod.volumes.push({ name: 'root', hostPath: { path: '/' } });
    pod.containers[0].securityContext = { privileged: true };
    expect(failuresOf(objects).map((failure) => failure.rule)).toEqual(['host-network', 'host-pid', 'host-path', 'privileged']);
  });

  test('fails on imagePullPolicy Always', () => {
    const objects = baseline();
    pick(objects, 'Deployment').spec.template.spec.containers[0].imagePullPolicy = 'Always';
    expect(failuresOf(objects)).toEqual([{ field: `${CONTAINER}.imagePullPolicy`, message: expect.stringContaining('IfNotPresent'), rule: undefined }]);
  });

  test.each(['extensions/v1beta1', 'apps/v1beta1', 'rbac.authorization.k8s.io/v1beta1', 'apiextensions.k8s.io/v1beta1', 'networking.k8s.io/v1beta1', 'policy/v1beta1'])(
    'fails on the removed API version %s',
    (apiVersion) => {
      const objects = baseline();
      pick(objects, 'Ingress').apiVersion = apiVersion;
      expect(failuresOf(objects)).toEqual([{ field: 'apiVersion', message: expect.stringContaining(`${apiVersion} is removed`), rule: undefined }]);
    },
  );

  test('fails when an object lacks the recommended labels', () => {
    const objects = baseline();
    delete pick(objects, 'Service').metadata.labels['app.kubernetes.io/managed-by'];
    delete pick(objects, 'Service').metadata.labels['app.kubernetes.io/part-of'];
    expect(failuresOf(objects)).toEqual([{ field: 'metadata.labels', message: 'missing recommended labels app.kubernetes.io/part-of, app.kubernetes.io/managed-by', rule: undefined }]);
  });
});
