import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { ManifestEntry } from '../manifest';
import { containersOf, podTemplateOf } from '../../kube/workloads';
import { EntryRule, ObjectIndex, LinkReport, typed } from './object-index';

/**
 * What a pod names exists in its namespace: the workload's selector matches its template, its ServiceAccount,
 * pull Secrets, volumes (ConfigMaps, Secrets, claims, projections), the volumes its containers mount, and the
 * ConfigMaps and Secrets its environment reads.
 */
export const checkPodReferences: EntryRule = (entry, index, report) => {
  const site = podTemplateOf(entry.object);
  if (!site) {
    return;
  }
  const refs = new PodReferences(entry, index, report);
  const namespace = entry.object.metadata.namespace;
  const spec: IPodSpec = site.spec;
  const base = site.specPath;
  // Every workload kind with a selector has a LabelSelector at spec.selector; Deployment's interface stands for them.
  const matchLabels = typed<IDeployment>(entry.object).spec?.selector?.matchLabels;
  if (matchLabels && entry.object.kind !== 'Pod' && entry.object.kind !== 'Job' && entry.object.kind !== 'CronJob') {
    for (const [label, value] of Object.entries(matchLabels)) {
      if (site.labels[label] !== value) {
        report.fail(entry, 'spec.selector.matchLabels', `selector ${label}=${value} does not match the pod template's labels`);
      }
    }
  }
  if (spec.serviceAccountName && spec.serviceAccountName !== 'default' && !index.find('ServiceAccount', namespace, spec.serviceAccountName)) {
    report.fail(entry, `${base}.serviceAccountName`, `ServiceAccount '${spec.serviceAccountName}' does not exist in namespace '${namespace}'`);
  }
  (spec.imagePullSecrets ?? []).forEach((ref, refIndex) => refs.requireSecret(ref.name, `${base}.imagePullSecrets[${refIndex}]`, false));
  (spec.volumes ?? []).forEach((volume, volumeIndex) => {
    const field = `${base}.volumes[${volumeIndex}]`;
    if (volume.configMap) refs.requireConfigMap(volume.configMap.name, `${field}.configMap.name`, volume.configMap.optional);
    if (volume.secret) refs.requireSecret(volume.secret.secretName, `${field}.secret.secretName`, volume.secret.optional);
    if (volume.persistentVolumeClaim && !index.find('PersistentVolumeClaim', namespace, volume.persistentVolumeClaim.claimName)) {
      report.fail(entry, `${field}.persistentVolumeClaim.claimName`, `PersistentVolumeClaim '${volume.persistentVolumeClaim.claimName}' does not exist in namespace '${namespace}'`);
    }
    (volume.projected?.sources ?? []).forEach((source, sourceIndex) => {
      if (source.configMap) refs.requireConfigMap(source.configMap.name, `${field}.projected.sources[${sourceIndex}].configMap.name`, source.configMap.optional);
      if (source.secret) refs.requireSecret(source.secret.name, `${field}.projected.sources[${sourceIndex}].secret.name`, source.secret.optional);
    });
  });
  for (const { container, path } of containersOf(site)) {
    checkContainer(container, path, spec, refs);
  }
};

function checkContainer(container: IContainer, path: string, spec: IPodSpec, refs: PodReferences): void {
  const mounts = new Set((spec.volumes ?? []).map((volume) => volume.name));
  (container.volumeMounts ?? []).forEach((mount, mountIndex) => {
    if (!mounts.has(mount.name)) {
      refs.report.fail(refs.entry, `${path}.volumeMounts[${mountIndex}].name`, `no volume named '${mount.name}' in the pod`);
    }
  });
  (container.env ?? []).forEach((env, envIndex) => {
    const from = env.valueFrom;
    if (from?.configMapKeyRef) refs.requireConfigMap(from.configMapKeyRef.name, `${path}.env[${envIndex}].valueFrom.configMapKeyRef`, from.configMapKeyRef.optional, from.configMapKeyRef.key);
    if (from?.secretKeyRef) refs.requireSecret(from.secretKeyRef.name, `${path}.env[${envIndex}].valueFrom.secretKeyRef`, from.secretKeyRef.optional);
  });
  (container.envFrom ?? []).forEach((source, sourceIndex) => {
    if (source.configMapRef) refs.requireConfigMap(source.configMapRef.name, `${path}.envFrom[${sourceIndex}].configMapRef`, source.configMapRef.optional);
    if (source.secretRef) refs.requireSecret(source.secretRef.name, `${path}.envFrom[${sourceIndex}].secretRef`, source.secretRef.optional);
  });
}

/** The ConfigMaps and Secrets one pod reads, resolved in its namespace. */
class PodReferences {
  private readonly namespace: string | undefined;

  constructor(public readonly entry: ManifestEntry, private readonly index: ObjectIndex, public readonly report: LinkReport) {
    this.namespace = entry.object.metadata.namespace;
  }

  public requireConfigMap(name: string | undefined, field: string, optional?: boolean, dataKey?: string): void {
    if (optional) return;
    const configMap = this.index.get<IConfigMap>('ConfigMap', this.namespace, name);
    if (!configMap) {
      this.report.fail(this.entry, field, `ConfigMap '${name}' does not exist in namespace '${this.namespace}'`);
    } else if (dataKey !== undefined) {
      const data = { ...(configMap.data ?? {}), ...(configMap.binaryData ?? {}) };
      if (!(dataKey in data)) {
        this.report.fail(this.entry, field, `ConfigMap '${name}' has no key '${dataKey}'`);
      }
    }
  }

  public requireSecret(name: string | undefined, field: string, optional?: boolean): void {
    if (optional || this.index.find('Secret', this.namespace, name) || this.index.isSupplied(this.namespace, name)) return;
    this.report.fail(this.entry, field, `Secret '${name}' is neither created in namespace '${this.namespace}' nor declared as supplied at apply time`);
  }
}
