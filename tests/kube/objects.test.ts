import { apiGroupOf, BUILT_IN_NAMESPACES, describeObject, KubeObject } from '../../src/kube/objects';
import { containersOf, podTemplateOf } from '../../src/kube/workloads';
import { toYaml, toYamlDocuments } from '../../src/kube/yaml';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'demo' },
  spec: {
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { initContainers: [{ name: 'init', image: 'busybox:1.37' }], containers: [{ name: 'web', image: 'nginx:1.27.3' }] },
    },
  },
};

describe('objects', () => {
  test('describe themselves as kind and namespace/name', () => {
    expect(describeObject(deployment)).toBe('Deployment demo/web');
    expect(describeObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } })).toBe('Namespace demo');
  });

  test('name their API group, the core group as empty', () => {
    expect(apiGroupOf('apps/v1')).toBe('apps');
    expect(apiGroupOf('v1')).toBe('');
  });

  test('the namespaces every kubeadm cluster starts with', () => {
    expect(BUILT_IN_NAMESPACES).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });
});

describe('workloads', () => {
  test('find the pod template and its containers, init containers first, with their paths', () => {
    const site = podTemplateOf(deployment)!;
    expect(site.specPath).toBe('spec.template.spec');
    expect(site.labels).toEqual({ app: 'web' });
    expect(site.longRunning).toBe(true);
    expect(containersOf(site).map(({ path, init }) => [path, init])).toEqual([
      ['spec.template.spec.initContainers[0]', true],
      ['spec.template.spec.containers[0]', false],
    ]);
  });

  test('find a CronJob template deeper, as run to completion; nothing in a ConfigMap', () => {
    const cronJob: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
    };
    expect(podTemplateOf(cronJob)).toMatchObject({ specPath: 'spec.jobTemplate.spec.template.spec', longRunning: false });
    expect(podTemplateOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBeUndefined();
  });
});

describe('YAML', () => {
  test('is written in block style, keys in their order, no anchors for repeated values, lines not folded', () => {
    const shared = { a: 1 };
    const long = 'x '.repeat(100).trim();
    expect(toYaml({ b: [shared, shared], a: long })).toBe(`b:\n  - a: 1\n  - a: 1\na: ${long}\n`);
    expect(toYamlDocuments([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });
});
