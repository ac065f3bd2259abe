import { checkLinks } from '../../src/checks/links';
import { baseline, entriesOf, pick, SUPPLIED } from './fixtures';

function failuresOf(objects: any[], suppliedSecrets = SUPPLIED): string[] {
  return checkLinks({ entries: entriesOf(objects), suppliedSecrets }).map(
    (failure) => `${failure.entry.object.kind} ${failure.entry.object.metadata.name}: ${failure.field}: ${failure.message}`,
  );
}

describe('link check', () => {
  test('accepts a consistent application', () => {
    expect(failuresOf(baseline())).toEqual([]);
  });

  test('fails when a Service selector matches no pods', () => {
    const objects = baseline();
    pick(objects, 'Service').spec.selector = { app: 'demo-typo' };
    expect(failuresOf(objects)).toEqual([expect.stringContaining('Service demo: spec.selector: selects no pods')]);
  });

  test('fails when a Service targets a port no container exposes', () => {
    const objects = baseline();
    pick(objects, 'Service').spec.ports[0].targetPort = 9090;
    expect(failuresOf(objects)).toEqual([expect.stringContaining('spec.ports[0].targetPort: no container of the selected pods exposes port 9090')]);
  });

  test('fails when a Service selects pods of another namespace', () => {
    const objects = baseline();
    objects.push({ ...pick(objects, 'Service'), metadata: { ...pick(objects, 'Service').metadata, namespace: 'default' } });
    expect(failuresOf(objects)).toEqual([expect.stringContaining('selects no pods: no workload in namespace \'default\'')]);
  });

  test('fails when an Ingress backend names a missing Service or port', () => {
    const objects = baseline();
    pick(objects, 'Ingress').spec.rules[0].http.paths.push({ path: '/a', pathType: 'Prefix', backend: { service: { name: 'nope', port: { number: 80 } } } });
    pick(objects, 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { number: 81 };
    expect(failuresOf(objects)).toEqual([
      expect.stringContaining("paths[0].backend.service.port: Service 'demo' has no port 81"),
      expect.stringContaining("paths[1].backend.service.name: Service 'nope' does not exist"),
    ]);
  });

  test('fails when a PVC names a PersistentVolume that does not exist', () => {
    const objects = baseline().filter((object) => object.kind !== 'PersistentVolume');
    expect(failuresOf(objects)).toEqual([expect.stringContaining("PersistentVolumeClaim pvc-demo: spec.volumeName: PersistentVolume 'pv-demo' does not exist")]);
  });

  test('fails when a PVC asks for more, or other access, than its PersistentVolume has', () => {
    const objects = baseline();
    pick(objects, 'PersistentVolumeClaim').spec.resources.requests.storage = '6Gi';
    pick(objects, 'PersistentVolumeClaim').spec.accessModes = ['ReadWriteOncePod'];
    expect(failuresOf(objects)).toEqual([
      expect.stringContaining('spec.accessModes: PersistentVolume \'pv-demo\' does not offer ReadWriteOncePod'),
      expect.stringContaining('spec.resources.requests.storage: requests 6Gi but PersistentVolume \'pv-demo\' holds 5Gi'),
    ]);
  });

  test('fails when a PVC names a StorageClass that does not exist, or relies on a default that is not there', () => {
    const named = baseline();
    Object.assign(pick(named, 'PersistentVolumeClaim').spec, { storageClassName: 'fast', volumeName: undefined });
    expect(failuresOf(named)).toEqual([expect.stringContaining("StorageClass 'fast' does not exist")]);
    const unnamed = baseline();
    delete pick(unnamed, 'PersistentVolumeClaim').spec.storageClassName;
    delete pick(unnamed, 'PersistentVolumeClaim').spec.volumeName;
    expect(failuresOf(unnamed)).toEqual([expect.stringContaining('the output has no default StorageClass')]);
  });

  test('fails when an object is in a namespace that does not exist', () => {
    const objects = baseline();
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'missing', labels: {} }, data: {} });
    expect(failuresOf(objects)).toEqual([expect.stringContaining("ConfigMap x: metadata.namespace: namespace 'missing' is neither created by the output nor built into the cluster")]);
  });

  test('accepts the namespaces every cluster has', () => {
    const objects = baseline();
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'kube-system', labels: {} }, data: {} });
    expect(failuresOf(objects)).toEqual([]);
  });

  test('fails when a cluster-scoped object names a namespace, or a namespaced one does not', () => {
    const objects = baseline();
    pick(objects, 'PersistentVolume').metadata.namespace = 'demo';
    delete pick(objects, 'ConfigMap').metadata.namespace;
    const failures = failuresOf(objects);
    expect(failures).toContainEqual(expect.stringContaining('PersistentVolume pv-demo: metadata.namespace: PersistentVolume is cluster-scoped'));
    expect(failures).toContainEqual(expect.stringContaining('ConfigMap demo-config: metadata.namespace: ConfigMap is namespaced'));
  });

  test('fails when a pod references a missing ServiceAccount, ConfigMap key, Secret, claim or volume', () => {
    const objects = baseline();
    const pod = pick(objects, 'Deployment').spec.template.spec;
    pod.serviceAccountName = 'ghost';
    pod.containers[0].env[0].valueFrom.configMapKeyRef.key = 'other.conf';
    pod.containers[0].envFrom = [{ secretRef: { name: 'db-password' } }];
    pod.containers[0].volumeMounts.push({ name: 'cache', mountPath: '/cache' });
    pod.volumes[0].persistentVolumeClaim.claimName = 'pvc-ghost';
    expect(failuresOf(objects)).toEqual([
      expect.stringContaining("serviceAccountName: ServiceAccount 'ghost' does not exist"),
      expect.stringContaining("volumes[0].persistentVolumeClaim.claimName: PersistentVolumeClaim 'pvc-ghost' does not exist"),
      expect.stringContaining("volumeMounts[1].name: no volume named 'cache'"),
      expect.stringContaining("ConfigMap 'demo-config' has no key 'other.conf'"),
      expect.stringContaining("envFrom[0].secretRef: Secret 'db-password' is neither created in namespace 'demo' nor declared as supplied at apply time"),
    ]);
  });

  test('fails when an imagePullSecret is neither created nor supplied', () => {
    expect(failuresOf(baseline(), [])).toEqual([expect.stringContaining("imagePullSecrets[0]: Secret 'regcred' is neither created")]);
  });

  test('fails when a supplied Secret is declared in a namespace that does not exist', () => {
    expect(failuresOf(baseline(), [...SUPPLIED, { namespace: 'elsewhere', name: 'token' }])).toEqual([
      expect.stringContaining("supplied Secret elsewhere/token is in namespace 'elsewhere'"),
    ]);
  });

  test('fails when a workload selector does not match its pod template', () => {
    const objects = baseline();
    pick(objects, 'Deployment').spec.selector.matchLabels = { app: 'other' };
    expect(failuresOf(objects)).toContainEqual(expect.stringContaining('spec.selector.matchLabels: selector app=other does not match'));
  });

  test('fails when a binding points at a missing role or ServiceAccount', () => {
    const objects = baseline();
    pick(objects, 'RoleBinding').roleRef.name = 'ghost';
    pick(objects, 'RoleBinding').subjects[0].name = 'nobody';
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'demo', labels: {} },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'demo-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'demo', namespace: 'demo' }],
    });
    expect(failuresOf(objects)).toEqual([
      expect.stringContaining("RoleBinding demo: roleRef.name: Role 'ghost' does not exist"),
      expect.stringContaining("RoleBinding demo: subjects[0].name: ServiceAccount 'demo/nobody' does not exist"),
      expect.stringContaining("ClusterRoleBinding demo: roleRef.name: ClusterRole 'demo-reader' does not exist"),
    ]);
  });

  test('accepts bindings to the built-in ClusterRoles', () => {
    const objects = baseline();
    Object.assign(pick(objects, 'RoleBinding'), { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } });
    expect(failuresOf(objects)).toEqual([]);
  });

  test('accepts bindings to the Roles the API server bootstraps in kube-system, and only there', () => {
    const binding = (namespace: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'auth-reader', namespace, labels: {} },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'demo', namespace: 'demo' }],
    });
    expect(failuresOf([...baseline(), binding('kube-system')])).toEqual([]);
    expect(failuresOf([...baseline(), binding('demo')])).toEqual([expect.stringContaining("Role 'extension-apiserver-authentication-reader' does not exist in namespace 'demo'")]);
  });

  test('fails when two objects share kind, namespace and name', () => {
    const objects = baseline();
    objects.push(JSON.parse(JSON.stringify(pick(objects, 'PersistentVolume'))));
    expect(failuresOf(objects)).toContainEqual(expect.stringContaining('PersistentVolume pv-demo: metadata.name: PersistentVolume pv-demo is also defined in 01-test.yaml'));
  });

  test('fails when an APIService or an autoscaler points at nothing', () => {
    const objects = baseline();
    objects.push(
      {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1beta1.metrics.k8s.io', labels: {} },
        spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { name: 'demo', namespace: 'demo', port: 443 }, groupPriorityMinimum: 100, versionPriority: 100 },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'demo', namespace: 'demo', labels: {} },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 3 },
      },
    );
    expect(failuresOf(objects)).toEqual([
      expect.stringContaining("APIService v1beta1.metrics.k8s.io: spec.service.port: Service 'demo/demo' has no port 443"),
      expect.stringContaining("HorizontalPodAutoscaler demo: spec.scaleTargetRef: Deployment 'php-apache' does not exist in namespace 'demo'"),
    ]);
  });

  test('fails when two Services claim the same NodePort', () => {
    const objects = baseline();
    const service = pick(objects, 'Service');
    Object.assign(service.spec, { type: 'NodePort' });
    service.spec.ports[0].nodePort = 30080;
    objects.push({ ...service, metadata: { ...service.metadata, name: 'demo-2' } });
    expect(failuresOf(objects)).toEqual([expect.stringContaining('Service demo-2: spec.ports[0].nodePort: NodePort 30080 is already used by Service demo/demo')]);
  });
});
