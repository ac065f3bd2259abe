import { ManifestEntry } from '../manifest';
import { apiGroupOf, BUILT_IN_NAMESPACES, KubeObject } from '../../kube/objects';

export { BUILT_IN_NAMESPACES };

/** Kinds of the built-in API that are not namespaced. */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node',
  'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/** A Secret that the operator supplies at apply time instead of the manifests. */
export interface ExternalSecretRef {
  readonly namespace: string;
  readonly name: string;
}

export interface LinkContext {
  readonly entries: readonly ManifestEntry[];
  readonly suppliedSecrets: readonly ExternalSecretRef[];
}

export interface LinkFailure {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
}

/** The fields of an External Secrets Operator ExternalSecret that the index reads. */
interface ExternalSecretShape {
  readonly spec?: { readonly target?: { readonly name?: string } };
}

/** The fields of a CustomResourceDefinition that the index reads. */
interface CustomResourceDefinitionShape {
  readonly spec?: { readonly group?: string; readonly scope?: string; readonly names?: { readonly kind?: string } };
}

/**
 * A typed view of an object as synthesized. The manifests are plain JSON of the built-in API, so the
 * `kubernetes-models` interfaces describe them; the caller names the interface that matches the object's kind.
 */
export function typed<T>(object: KubeObject): T {
  return object as unknown as T;
}

/**
 * Everything the link rules look up, built once per cluster: objects by kind, namespace and name, the namespaces
 * that exist, the Secrets supplied at apply time, and the scope of the custom kinds the output defines.
 */
export class ObjectIndex {
  public readonly entries: readonly ManifestEntry[];
  /** Secrets supplied at apply time, as the operator declared them. */
  public readonly suppliedSecrets: readonly ExternalSecretRef[];
  private readonly byKey = new Map<string, ManifestEntry>();
  private readonly byKind = new Map<string, ManifestEntry[]>();
  private readonly namespaces = new Set<string>(BUILT_IN_NAMESPACES);
  private readonly namespacedCustomKinds = new Set<string>();
  private readonly clusterScopedCustomKinds = new Set<string>();
  private readonly supplied: Set<string>;

  constructor(context: LinkContext) {
    this.entries = context.entries;
    this.suppliedSecrets = context.suppliedSecrets;
    this.supplied = new Set(context.suppliedSecrets.map((secret) => `${secret.namespace}/${secret.name}`));
    for (const entry of context.entries) {
      const object = entry.object;
      this.byKey.set(key(object.kind, object.metadata.namespace, object.metadata.name), entry);
      const sameKind = this.byKind.get(object.kind);
      if (sameKind) sameKind.push(entry);
      else this.byKind.set(object.kind, [entry]);
      if (object.kind === 'Namespace') {
        this.namespaces.add(object.metadata.name);
      }
      // An External Secrets Operator ExternalSecret supplies the Secret it targets (the GitOps path, without apply.sh).
      if (object.kind === 'ExternalSecret' && object.apiVersion.startsWith('external-secrets.io/')) {
        this.supplied.add(`${object.metadata.namespace}/${typed<ExternalSecretShape>(object).spec?.target?.name ?? object.metadata.name}`);
      }
      if (object.kind === 'CustomResourceDefinition') {
        const spec = typed<CustomResourceDefinitionShape>(object).spec;
        const target = spec?.scope === 'Cluster' ? this.clusterScopedCustomKinds : this.namespacedCustomKinds;
        target.add(`${spec?.group}/${spec?.names?.kind}`);
      }
    }
  }

  /** The object of this kind, namespace and name (the last one written, if the output defines it twice). */
  public find(kind: string, namespace: string | undefined, name: string | undefined): ManifestEntry | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Like `find`, typed as the `kubernetes-models` interface of that kind. */
  public get<T>(kind: string, namespace: string | undefined, name: string | undefined): T | undefined {
    const entry = this.find(kind, namespace, name);
    return entry ? typed<T>(entry.object) : undefined;
  }

  /** The first object of this API group, kind, namespace and name. */
  public findInGroup(group: string, kind: string, namespace: string | undefined, name: string | undefined): ManifestEntry | undefined {
    return this.ofKind(kind).find(
      (entry) => apiGroupOf(entry.object.apiVersion) === group && entry.object.metadata.name === name && entry.object.metadata.namespace === namespace,
    );
  }

  /** Every object of this kind, in output order. */
  public ofKind(kind: string): readonly ManifestEntry[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Whether the namespace is created by the output or built into every cluster. */
  public hasNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  /** Whether the Secret is declared as supplied at apply time, or targeted by an ExternalSecret. */
  public isSupplied(namespace: string | undefined, name: string | undefined): boolean {
    return this.supplied.has(`${namespace}/${name}`);
  }

  /** Whether the object's kind is cluster-scoped; undefined for a custom kind the output does not define. */
  public isClusterScoped(object: KubeObject): boolean | undefined {
    const custom = `${apiGroupOf(object.apiVersion)}/${object.kind}`;
    if (this.clusterScopedCustomKinds.has(custom)) return true;
    if (this.namespacedCustomKinds.has(custom)) return false;
    const group = apiGroupOf(object.apiVersion);
    if (group === '' || !group.includes('.') || group.endsWith('.k8s.io')) {
      return CLUSTER_SCOPED_KINDS.has(object.kind);
    }
    return undefined;
  }
}

/** Collects the failures of the link rules, in the order they are found. */
export class LinkReport {
  public readonly failures: LinkFailure[] = [];

  public fail(entry: ManifestEntry, field: string, message: string): void {
    this.failures.push({ entry, field, message });
  }
}

/** A rule over one object, with the index of every object of the same output. */
export type EntryRule = (entry: ManifestEntry, index: ObjectIndex, report: LinkReport) => void;

/** A rule over the whole output. */
export type OutputRule = (index: ObjectIndex, report: LinkReport) => void;

export function key(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
