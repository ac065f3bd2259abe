import { minorNumber } from './kubernetes-releases';

/**
 * API versions Kubernetes stopped serving, from the Kubernetes deprecated API migration guide
 * (kubernetes.io/docs/reference/using-api/deprecation-guide). The schema packages keep such versions (so old
 * objects still parse), so the version-matched check consults this table: an object of a listed apiVersion and kind
 * fails on every minor from `removedIn` on.
 */
export interface RemovedApi {
  /** `group/version`, e.g. `autoscaling/v2beta2`. */
  readonly apiVersion: string;
  /**
   * The kinds removed; undefined when the whole group version is gone.
   * @default - every kind of the group version
   */
  readonly kinds?: readonly string[];
  /** First minor that no longer serves it. */
  readonly removedIn: string;
  /** What to use instead. */
  readonly replacement: string;
}

const WORKLOADS = ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'];

export const REMOVED_APIS: readonly RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', removedIn: '1.16', kinds: [...WORKLOADS, 'NetworkPolicy', 'PodSecurityPolicy'], replacement: 'apps/v1 (workloads), networking.k8s.io/v1 (NetworkPolicy)' },
  { apiVersion: 'apps/v1beta1', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', removedIn: '1.22', replacement: 'networking.k8s.io/v1 Ingress' },
  { apiVersion: 'networking.k8s.io/v1beta1', removedIn: '1.22', kinds: ['Ingress', 'IngressClass'], replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', removedIn: '1.22', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', removedIn: '1.22', replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', removedIn: '1.22', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', removedIn: '1.25', kinds: ['CronJob'], replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', removedIn: '1.25', kinds: ['EndpointSlice'], replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', removedIn: '1.25', kinds: ['Event'], replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', kinds: ['HorizontalPodAutoscaler'], replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', removedIn: '1.25', kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], replacement: 'policy/v1 (PodDisruptionBudget); Pod Security Admission replaces PodSecurityPolicy' },
  { apiVersion: 'node.k8s.io/v1beta1', removedIn: '1.25', kinds: ['RuntimeClass'], replacement: 'node.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', kinds: ['HorizontalPodAutoscaler'], replacement: 'autoscaling/v2' },
  { apiVersion: 'storage.k8s.io/v1beta1', removedIn: '1.27', kinds: ['CSIStorageCapacity'], replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
];

/** Why the minor does not serve `apiVersion` `kind`, or undefined when it does (as far as the table knows). */
export function removedApi(apiVersion: string, kind: string, minor: string): RemovedApi | undefined {
  return REMOVED_APIS.find(
    (entry) => entry.apiVersion === apiVersion && (entry.kinds === undefined || entry.kinds.includes(kind)) && minorNumber(minor) >= minorNumber(entry.removedIn),
  );
}
