import { mergeKeyOf, PatchApplyError, strategicMerge } from '../../src/pipeline/strategic-merge';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] },
          { name: 'sidecar', image: 'busybox:1.36' },
        ],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      },
    },
  },
});

describe('strategicMerge', () => {
  test('merges maps, replaces scalars and leaves the input unchanged', () => {
    // GIVEN
    const input = deployment();
    // WHEN
    const result: any = strategicMerge(input, { metadata: { labels: { tier: 'back' } }, spec: { replicas: 3 } });
    // THEN
    expect(result.metadata.labels).toEqual({ app: 'web', tier: 'back' });
    expect(result.spec.replicas).toBe(3);
    expect(input.spec.replicas).toBe(1);
  });

  test('null removes a field', () => {
    const result: any = strategicMerge(deployment(), { metadata: { labels: { tier: null } } });
    expect(result.metadata.labels).toEqual({ app: 'web' });
  });

  test('merges containers by name, env by name and container ports by containerPort', () => {
    const result: any = strategicMerge(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], ports: [{ containerPort: 80, protocol: 'TCP' }] }] } } },
    });
    const [web, sidecar] = result.spec.template.spec.containers;
    expect(web.image).toBe('nginx:1.27');
    expect(web.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    expect(web.ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    expect(sidecar).toEqual({ name: 'sidecar', image: 'busybox:1.36' });
  });

  test('appends a container with a new name and deletes one with $patch: delete', () => {
    const result: any = strategicMerge(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'extra', image: 'alpine:3.20' }] } } },
    });
    expect(result.spec.template.spec.containers.map((container: any) => container.name)).toEqual(['web', 'extra']);
  });

  test('replaces lists without a merge key, such as tolerations', () => {
    const result: any = strategicMerge(deployment(), { spec: { template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } } } });
    expect(result.spec.template.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  test('$patch: replace replaces a map whole', () => {
    const result: any = strategicMerge(deployment(), { metadata: { labels: { $patch: 'replace', app: 'other' } } });
    expect(result.metadata.labels).toEqual({ app: 'other' });
  });

  test('Service ports merge by port; other ports lists are replaced', () => {
    expect(mergeKeyOf('Service', ['spec', 'ports'])).toBe('port');
    expect(mergeKeyOf('Deployment', ['spec', 'template', 'spec', 'containers', 'ports'])).toBe('containerPort');
    expect(mergeKeyOf('NetworkPolicy', ['spec', 'ingress', 'ports'])).toBeUndefined();
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const result: any = strategicMerge(service, { spec: { ports: [{ port: 80, nodePort: 30080 }] } });
    expect(result.spec.ports).toEqual([{ port: 80, targetPort: 8080, nodePort: 30080 }, { port: 443, targetPort: 8443 }]);
  });

  test('fails when a keyed list item has no merge key', () => {
    expect(() => strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ image: 'x:1' }] } } } })).toThrow(
      new PatchApplyError("spec.template.spec.containers[0]: an item of this list needs its merge key 'name'"),
    );
  });

  test('fails on directives it does not implement instead of ignoring them', () => {
    expect(() => strategicMerge(deployment(), { spec: { $retainKeys: ['replicas'] } })).toThrow('spec.$retainKeys: the directive $retainKeys is not supported');
    expect(() => strategicMerge(deployment(), { spec: { $patch: 'merge-all' } })).toThrow('spec.$patch: unknown directive "merge-all"');
  });
});
