import { ManifestEntry } from '../../src/checks/manifest';
import { KubeObject } from '../../src/kube/objects';

/* A small, valid application used as the baseline of the check tests: each test breaks one thing. */

export const LABELS = {
  'app.kubernetes.io/name': 'demo',
  'app.kubernetes.io/component': 'server',
  'app.kubernetes.io/part-of': 'test',
  'app.kubernetes.io/managed-by': 'hanok',
};

export function baseline(): any[] {
  // A JSON round trip, not structuredClone, so that no two objects share the same labels map.
  return JSON.parse(JSON.stringify([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: LABELS } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'demo', namespace: 'demo', labels: LABELS } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo-config', namespace: 'demo', labels: LABELS }, data: { 'app.conf': 'x' } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-demo', labels: LABELS },
      spec: {
        capacity: { storage: '5Gi' },
        accessModes: ['ReadWriteMany'],
        storageClassName: '',
        claimRef: { namespace: 'demo', name: 'pvc-demo' },
        nfs: { server: '10.0.0.1', path: '/export/demo' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'pvc-demo', namespace: 'demo', labels: LABELS },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: '', volumeName: 'pv-demo', resources: { requests: { storage: '5Gi' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'demo', namespace: 'demo', labels: LABELS },
      spec: {
        selector: { matchLabels: { app: 'demo' } },
        template: {
          metadata: { labels: { app: 'demo' } },
          spec: {
            serviceAccountName: 'demo',
            imagePullSecrets: [{ name: 'regcred' }],
            containers: [
              {
                name: 'demo',
                image: 'registry.example.org/demo:1.0.0',
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/', port: 'http' } },
                resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '16Mi' } },
                env: [{ name: 'CONF', valueFrom: { configMapKeyRef: { name: 'demo-config', key: 'app.conf' } } }],
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pvc-demo' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'demo', namespace: 'demo', labels: LABELS },
      spec: { selector: { app: 'demo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'demo', namespace: 'demo', labels: LABELS },
      spec: { rules: [{ host: 'demo.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'demo', port: { number: 80 } } } }] } }] },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'demo', namespace: 'demo', labels: LABELS },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'demo', namespace: 'demo', labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'demo' },
      subjects: [{ kind: 'ServiceAccount', name: 'demo', namespace: 'demo' }],
    },
  ]));
}

export const SUPPLIED = [{ namespace: 'demo', name: 'regcred' }];

export function entriesOf(objects: any[]): ManifestEntry[] {
  return objects.map((object) => ({ file: '01-test.yaml', object: object as KubeObject }));
}

/** The baseline object of a kind, to break in a test. */
export function pick(objects: any[], kind: string): any {
  return objects.find((object) => object.kind === kind);
}

/**
 * A namespaced CRD of `Widget` (example.org/v1) whose `spec` has the given schema, for checks of custom resources.
 * `description` stands for the description fields every generated CRD has.
 */
export function widgetCrd(specSchema: object, description?: string): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.org', labels: LABELS },
    spec: {
      group: 'example.org',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              ...(description === undefined ? {} : { description }),
              properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: specSchema },
            },
          },
        },
      ],
    },
  };
}
