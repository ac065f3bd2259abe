import { checkLinks, ObjectIndex } from '../../../src/checks/links';
import { baseline, entriesOf, SUPPLIED } from '../fixtures';

describe('ObjectIndex', () => {
  test('finds an object by kind, namespace and name', () => {
    // GIVEN
    const index = new ObjectIndex({ entries: entriesOf(baseline()), suppliedSecrets: [] });

    // THEN
    expect(index.find('ConfigMap', 'demo', 'demo-config')?.object.metadata.name).toBe('demo-config');
    expect(index.get<{ data: Record<string, string> }>('ConfigMap', 'demo', 'demo-config')?.data).toEqual({ 'app.conf': 'x' });
    expect(index.find('ConfigMap', 'default', 'demo-config')).toBeUndefined();
    expect(index.find('PersistentVolume', undefined, 'pv-demo')).toBeDefined();
  });

  test('lists the objects of a kind in output order', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c', namespace: 'default' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } },
    ];
    const index = new ObjectIndex({ entries: entriesOf(objects), suppliedSecrets: [] });
    expect(index.ofKind('ConfigMap').map((entry) => entry.object.metadata.name)).toEqual(['b', 'a']);
    expect(index.ofKind('Service')).toEqual([]);
  });

  test('tells objects of the same kind in different API groups apart only in findInGroup', () => {
    const objects = [
      { apiVersion: 'example.com/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'default' } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'default' } },
    ];
    const index = new ObjectIndex({ entries: entriesOf(objects), suppliedSecrets: [] });
    expect(index.findInGroup('gateway.networking.k8s.io', 'Gateway', 'default', 'edge')?.object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(index.findInGroup('example.com', 'Gateway', 'default', 'edge')?.object.apiVersion).toBe('example.com/v1');
    expect(index.findInGroup('other.io', 'Gateway', 'default', 'edge')).toBeUndefined();
  });

  test('knows the built-in namespaces and those the output creates', () => {
    const index = new ObjectIndex({ entries: entriesOf(baseline()), suppliedSecrets: [] });
    expect(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'demo'].map((name) => index.hasNamespace(name))).toEqual([true, true, true, true, true]);
    expect(index.hasNamespace('missing')).toBe(false);
  });

  test('counts a Secret as supplied when declared or targeted by an ExternalSecret', () => {
    const objects = [
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'es', namespace: 'demo' },
        spec: { target: { name: 'from-vault' } },
      },
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'same-name', namespace: 'demo' }, spec: {} },
    ];
    const index = new ObjectIndex({ entries: entriesOf(objects), suppliedSecrets: SUPPLIED });
    expect(index.isSupplied('demo', 'from-vault')).toBe(true);
    expect(index.isSupplied('demo', 'same-name')).toBe(true);
    expect(index.isSupplied('demo', 'es')).toBe(false);
    for (const secret of SUPPLIED) {
      expect(index.isSupplied(secret.namespace, secret.name)).toBe(true);
    }
  });

  test('takes the scope of a custom kind from its CustomResourceDefinition', () => {
    const crd = (kind: string, scope: string) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.example.com` },
      spec: { group: 'example.com', scope, names: { kind } },
    });
    const index = new ObjectIndex({ entries: entriesOf([crd('Widget', 'Namespaced'), crd('Pool', 'Cluster')]), suppliedSecrets: [] });
    const object = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: 'x' } });
    expect(index.isClusterScoped(object('example.com/v1', 'Widget'))).toBe(false);
    expect(index.isClusterScoped(object('example.com/v1', 'Pool'))).toBe(true);
    expect(index.isClusterScoped(object('other.io/v1', 'Thing'))).toBeUndefined();
    expect(index.isClusterScoped(object('v1', 'Namespace'))).toBe(true);
    expect(index.isClusterScoped(object('apps/v1', 'Deployment'))).toBe(false);
  });
});

describe('link rules run in a fixed order', () => {
  test('supplied Secrets first, then object by object, then the whole-output rules', () => {
    // GIVEN a supplied Secret in a missing namespace, a broken object, and a duplicate
    const objects = baseline();
    const configMap = objects.find((object) => object.kind === 'ConfigMap');
    objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'lost', namespace: 'nowhere' } });
    objects.push(JSON.parse(JSON.stringify(configMap)));

    // WHEN
    const failures = checkLinks({ entries: entriesOf(objects), suppliedSecrets: [...SUPPLIED, { namespace: 'elsewhere', name: 'token' }] });

    // THEN
    expect(failures.map((failure) => `${failure.entry.object.kind} ${failure.field}`)).toEqual([
      expect.stringMatching(/ imagePullSecrets$/),
      'ServiceAccount metadata.namespace',
      'ConfigMap metadata.name',
    ]);
  });
});
