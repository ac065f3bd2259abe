import { PolicyRule } from '../constructs/policy-waiver';
import { LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF } from '../constructs/labels';
import { ManifestEntry } from './manifest';
import { isPinnedImage } from '../kube/image-reference';
import { containersOf, podTemplateOf } from '../kube/workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** API versions removed from Kubernetes; nothing hanok writes may use them. */
const REMOVED_API_VERSIONS = new Set([
  'extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2', 'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1', 'networking.k8s.io/v1beta1', 'policy/v1beta1', 'admissionregistration.k8s.io/v1beta1',
  'apiregistration.k8s.io/v1beta1', 'storage.k8s.io/v1beta1', 'scheduling.k8s.io/v1beta1', 'coordination.k8s.io/v1beta1',
  'batch/v1beta1', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'certificates.k8s.io/v1beta1', 'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1beta1', 'node.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta1',
]);

const REQUIRED_LABELS = [LABEL_NAME, LABEL_COMPONENT, LABEL_PART_OF, LABEL_MANAGED_BY];

export interface PolicyFailure {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
  /** Set for rules a construct may waive. */
  readonly rule?: PolicyRule;
}

/** Checks every object against the output policy. Waivable findings are returned with their rule. */
export function checkPolicy(entries: readonly ManifestEntry[]): PolicyFailure[] {
  const failures: PolicyFailure[] = [];
  for (const entry of entries) {
    const object = entry.object;
    const fail = (field: string, message: string, rule?: PolicyRule) => failures.push({ entry, field, message, rule });
    if (REMOVED_API_VERSIONS.has(object.apiVersion)) {
      fail('apiVersion', `${object.apiVersion} is removed from current Kubernetes; use the stable API version`);
    }
    const labels = object.metadata.labels ?? {};
    const missing = REQUIRED_LABELS.filter((label) => !labels[label]);
    if (missing.length > 0) {
      fail('metadata.labels', `missing recommended label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    }
    const site = podTemplateOf(object);
    if (!site) {
      continue;
    }
    if (site.spec.hostNetwork) fail(`${site.specPath}.hostNetwork`, 'uses the host network', 'host-network');
    if (site.spec.hostPID) fail(`${site.specPath}.hostPID`, 'shares the host PID namespace', 'host-pid');
    (site.spec.volumes ?? []).forEach((volume: any, index: number) => {
      if (volume.hostPath) fail(`${site.specPath}.volumes[${index}].hostPath`, `mounts the host path ${volume.hostPath.path}`, 'host-path');
    });
    for (const { container, path, init } of containersOf(site)) {
      if (typeof container.image !== 'string' || !isPinnedImage(container.image)) {
        fail(`${path}.image`, `image ${JSON.stringify(container.image)} is not pinned to a tag or digest (latest and untagged images break air-gapped sites)`);
      }
      if (container.imagePullPolicy === 'Always') {
        fail(`${path}.imagePullPolicy`, 'Always makes every start depend on the registry; use IfNotPresent with a pinned tag');
      }
      if (container.securityContext?.privileged) {
        fail(`${path}.securityContext.privileged`, 'runs privileged', 'privileged');
      }
      const resources = container.resources ?? {};
      const absent = [
        resources.requests?.cpu === undefined ? 'requests.cpu' : undefined,
        resources.requests?.memory === undefined ? 'requests.memory' : undefined,
        resources.limits?.memory === undefined ? 'limits.memory' : undefined,
      ].filter((item): item is string => !!item);
      if (absent.length > 0) {
        fail(`${path}.resources`, `missing ${absent.join(', ')}`, 'resources');
      }
      if (site.longRunning && !init && !container.readinessProbe) {
        fail(`${path}.readinessProbe`, 'a long-running container needs a readiness probe', 'readiness-probe');
      }
    }
  }
  return failures;
}
