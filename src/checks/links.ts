import { checkGatewayLinks } from './gateway-links';
import { ManifestEntry } from './manifest';
import { apiGroupOf, BUILT_IN_NAMESPACES, describeObject, KubeObject } from '../kube/objects';
import { containersOf, podTemplateOf } from '../kube/workloads';
import { parseQuantity } from '../kube/quantity';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** ClusterRoles the API server bootstraps; bindings may point at them. */
const BUILT_IN_CLUSTER_ROLES = /^(cluster-admin|admin|edit|view|system:.+)$/;

/** Roles the API server bootstraps in kube-system (aggregated API servers bind the first to read its config). */
const BUILT_IN_KUBE_SYSTEM_ROLES = /^(extension-apiserver-authentication-reader|system:.+)$/;

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

/**
 * Checks references between objects, as a linker resolves symbols: everything an object names must be created by
 * the same output, be built into every cluster, or be declared as supplied at apply time.
 */
export function checkLinks(context: LinkContext): LinkFailure[] {
  return [...new LinkChecker(context).run(), ...checkGatewayLinks(context.entries, context.suppliedSecrets)];
}

class LinkChecker {
  private readonly failures: LinkFailure[] = [];
  private readonly byKey = new Map<string, ManifestEntry>();
  private readonly namespaces = new Set<string>(BUILT_IN_NAMESPACES);
  private readonly namespacedCustomKinds = new Set<string>();
  private readonly clusterScopedCustomKinds = new Set<string>();
  private readonly supplied: Set<string>;

  constructor(private readonly context: LinkContext) {
    this.supplied = new Set(context.suppliedSecrets.map((secret) => `${secret.namespace}/${secret.name}`));
    for (const entry of context.entries) {
      const object = entry.object;
      this.byKey.set(key(object.kind, object.metadata.namespace, object.metadata.name), entry);
      if (object.kind === 'Namespace') {
        this.namespaces.add(object.metadata.name);
      }
      // An External Secrets Operator ExternalSecret supplies the Secret it targets (the GitOps path, without apply.sh).
      if (object.kind === 'ExternalSecret' && object.apiVersion.startsWith('external-secrets.io/')) {
        this.supplied.add(`${object.metadata.namespace}/${(object.spec as any)?.target?.name ?? object.metadata.name}`);
      }
      if (object.kind === 'CustomResourceDefinition') {
        const spec = object.spec as any;
        const target = spec?.scope === 'Cluster' ? this.clusterScopedCustomKinds : this.namespacedCustomKinds;
        target.add(`${spec?.group}/${spec?.names?.kind}`);
      }
    }
  }

  public run(): LinkFailure[] {
    for (const secret of this.context.suppliedSecrets) {
      if (!this.namespaces.has(secret.namespace)) {
        const owner = this.context.entries.find((entry) => entry.object.metadata.namespace === secret.namespace) ?? this.context.entries[0];
        if (owner) {
          this.fail(owner, 'imagePullSecrets', `supplied Secret ${secret.namespace}/${secret.name} is in namespace '${secret.namespace}', which is neither created nor built in`);
        }
      }
    }
    for (const entry of this.context.entries) {
      this.checkScope(entry);
      this.checkPodReferences(entry);
      switch (entry.object.kind) {
        case 'Service':
          this.checkService(entry);
          break;
        case 'Ingress':
          this.checkIngress(entry);
          break;
        case 'PersistentVolumeClaim':
          this.checkClaim(entry);
          break;
        case 'APIService':
          this.checkApiService(entry);
          break;
        case 'HorizontalPodAutoscaler':
          this.checkAutoscaler(entry);
          break;
        case 'RoleBinding':
        case 'ClusterRoleBinding':
          this.checkBinding(entry);
          break;
      }
    }
    this.checkNodePortsUnique();
    this.checkNoDuplicates();
    return this.failures;
  }

  private fail(entry: ManifestEntry, field: string, message: string): void {
    this.failures.push({ entry, field, message });
  }

  private find(kind: string, namespace: string | undefined, name: string): ManifestEntry | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  private isClusterScoped(object: KubeObject): boolean | undefined {
    const custom = `${apiGroupOf(object.apiVersion)}/${object.kind}`;
    if (this.clusterScopedCustomKinds.has(custom)) return true;
    if (this.namespacedCustomKinds.has(custom)) return false;
    const group = apiGroupOf(object.apiVersion);
    if (group === '' || !group.includes('.') || group.endsWith('.k8s.io')) {
      return CLUSTER_SCOPED_KINDS.has(object.kind);
    }
    return undefined;
  }

  private checkScope(entry: ManifestEntry): void {
    const object = entry.object;
    const namespace = object.metadata.namespace;
    const clusterScoped = this.isClusterScoped(object);
    if (clusterScoped === true && namespace !== undefined) {
      this.fail(entry, 'metadata.namespace', `${object.kind} is cluster-scoped and must not name a namespace (got '${namespace}')`);
    } else if (clusterScoped === false && namespace === undefined) {
      this.fail(entry, 'metadata.namespace', `${object.kind} is namespaced; name its namespace explicitly rather than relying on the kubectl context`);
    } else if (namespace !== undefined && !this.namespaces.has(namespace)) {
      this.fail(entry, 'metadata.namespace', `namespace '${namespace}' is neither created by the output nor built into the cluster (${BUILT_IN_NAMESPACES.join(', ')})`);
    }
  }

  private checkService(entry: ManifestEntry): void {
    const object = entry.object;
    const spec = object.spec as any;
    const selector: Record<string, string> | undefined = spec?.selector;
    if (!selector || Object.keys(selector).length === 0 || spec?.type === 'ExternalName') {
      return;
    }
    const matches = this.context.entries
      .map((candidate) => podTemplateOf(candidate.object))
      .filter((site) => site && site.object.metadata.namespace === object.metadata.namespace)
      .filter((site) => Object.entries(selector).every(([label, value]) => site!.labels[label] === value));
    if (matches.length === 0) {
      this.fail(entry, 'spec.selector', `selects no pods: no workload in namespace '${object.metadata.namespace}' has pod labels ${JSON.stringify(selector)}`);
      return;
    }
    const containers = matches.flatMap((site) => containersOf(site!).filter((container) => !container.init).map((container) => container.container));
    const ports: any[] = containers.flatMap((container) => container.ports ?? []);
    (spec.ports ?? []).forEach((port: any, index: number) => {
      const target = port.targetPort ?? port.port;
      const found = typeof target === 'string'
        ? ports.some((candidate) => candidate.name === target)
        : ports.some((candidate) => candidate.containerPort === target) || (ports.length === 0 && matches.some((site) => site!.spec.hostNetwork));
      if (!found) {
        this.fail(entry, `spec.ports[${index}].targetPort`, `no container of the selected pods exposes port ${JSON.stringify(target)}`);
      }
    });
  }

  private checkIngress(entry: ManifestEntry): void {
    const object = entry.object;
    const spec = object.spec as any;
    if (spec?.ingressClassName !== undefined && !this.find('IngressClass', undefined, spec.ingressClassName)) {
      this.fail(entry, 'spec.ingressClassName', `IngressClass '${spec.ingressClassName}' does not exist, so no ingress controller would serve this Ingress`);
    }
    const backends: Array<{ backend: any; field: string }> = [];
    if (spec?.defaultBackend) {
      backends.push({ backend: spec.defaultBackend, field: 'spec.defaultBackend' });
    }
    (spec?.rules ?? []).forEach((rule: any, ruleIndex: number) =>
      (rule.http?.paths ?? []).forEach((httpPath: any, pathIndex: number) =>
        backends.push({ backend: httpPath.backend, field: `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend` }),
      ),
    );
    for (const { backend, field } of backends) {
      const service = backend?.service;
      if (!service) {
        continue;
      }
      const target = this.find('Service', object.metadata.namespace, service.name);
      if (!target) {
        this.fail(entry, `${field}.service.name`, `Service '${service.name}' does not exist in namespace '${object.metadata.namespace}'`);
        continue;
      }
      const ports: any[] = (target.object.spec as any)?.ports ?? [];
      const wanted = service.port?.number ?? service.port?.name;
      if (!ports.some((port) => port.port === wanted || port.name === wanted)) {
        this.fail(entry, `${field}.service.port`, `Service '${service.name}' has no port ${JSON.stringify(wanted)}`);
      }
    }
  }

  private checkClaim(entry: ManifestEntry): void {
    const object = entry.object;
    const spec = object.spec as any;
    const requested = parseQuantity(spec?.resources?.requests?.storage);
    const modes: string[] = spec?.accessModes ?? [];
    if (spec?.volumeName) {
      const volume = this.find('PersistentVolume', undefined, spec.volumeName);
      if (!volume) {
        this.fail(entry, 'spec.volumeName', `PersistentVolume '${spec.volumeName}' does not exist`);
        return;
      }
      const volumeSpec = volume.object.spec as any;
      const claimRef = volumeSpec?.claimRef;
      if (claimRef && (claimRef.name !== object.metadata.name || claimRef.namespace !== object.metadata.namespace)) {
        this.fail(entry, 'spec.volumeName', `PersistentVolume '${spec.volumeName}' is reserved for claim ${claimRef.namespace}/${claimRef.name}`);
      }
      const missingModes = modes.filter((mode) => !(volumeSpec?.accessModes ?? []).includes(mode));
      if (missingModes.length > 0) {
        this.fail(entry, 'spec.accessModes', `PersistentVolume '${spec.volumeName}' does not offer ${missingModes.join(', ')}`);
      }
      const capacity = parseQuantity(volumeSpec?.capacity?.storage);
      if (requested !== undefined && capacity !== undefined && capacity < requested) {
        this.fail(entry, 'spec.resources.requests.storage', `requests ${spec.resources.requests.storage} but PersistentVolume '${spec.volumeName}' holds ${volumeSpec.capacity.storage}`);
      }
      if ((volumeSpec?.storageClassName ?? '') !== (spec.storageClassName ?? '')) {
        this.fail(entry, 'spec.storageClassName', `class ${JSON.stringify(spec.storageClassName ?? '')} differs from PersistentVolume '${spec.volumeName}' class ${JSON.stringify(volumeSpec?.storageClassName ?? '')}`);
      }
      return;
    }
    if (spec?.storageClassName === '') {
      this.fail(entry, 'spec.storageClassName', 'an empty class binds only to a named PersistentVolume, but spec.volumeName is not set');
      return;
    }
    if (spec?.storageClassName) {
      if (!this.find('StorageClass', undefined, spec.storageClassName)) {
        this.fail(entry, 'spec.storageClassName', `StorageClass '${spec.storageClassName}' does not exist`);
      }
      return;
    }
    const hasDefault = this.context.entries.some(
      (candidate) => candidate.object.kind === 'StorageClass' && candidate.object.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
    );
    if (!hasDefault) {
      this.fail(entry, 'spec.storageClassName', 'no class named and the output has no default StorageClass, so the claim would never bind');
    }
  }

  private checkBinding(entry: ManifestEntry): void {
    const object = entry.object;
    const roleRef = (object as any).roleRef;
    if (roleRef?.kind === 'ClusterRole') {
      if (!this.find('ClusterRole', undefined, roleRef.name) && !BUILT_IN_CLUSTER_ROLES.test(roleRef.name)) {
        this.fail(entry, 'roleRef.name', `ClusterRole '${roleRef.name}' does not exist`);
      }
    } else if (roleRef?.kind === 'Role') {
      if (object.kind === 'ClusterRoleBinding') {
        this.fail(entry, 'roleRef.kind', 'a ClusterRoleBinding can only refer to a ClusterRole');
      } else if (
        !this.find('Role', object.metadata.namespace, roleRef.name) &&
        !(object.metadata.namespace === 'kube-system' && BUILT_IN_KUBE_SYSTEM_ROLES.test(roleRef.name))
      ) {
        this.fail(entry, 'roleRef.name', `Role '${roleRef.name}' does not exist in namespace '${object.metadata.namespace}'`);
      }
    }
    ((object as any).subjects ?? []).forEach((subject: any, index: number) => {
      if (subject.kind !== 'ServiceAccount') {
        return;
      }
      const namespace = subject.namespace ?? object.metadata.namespace;
      if (!namespace) {
        this.fail(entry, `subjects[${index}].namespace`, 'a ServiceAccount subject of a ClusterRoleBinding must name its namespace');
      } else if (subject.name !== 'default' && !this.find('ServiceAccount', namespace, subject.name)) {
        this.fail(entry, `subjects[${index}].name`, `ServiceAccount '${namespace}/${subject.name}' does not exist`);
      }
    });
  }

  private checkPodReferences(entry: ManifestEntry): void {
    const site = podTemplateOf(entry.object);
    if (!site) {
      return;
    }
    const namespace = entry.object.metadata.namespace;
    const spec = site.spec;
    const base = site.specPath;
    const matchLabels: Record<string, string> | undefined = (entry.object.spec as any)?.selector?.matchLabels;
    if (matchLabels && entry.object.kind !== 'Pod' && entry.object.kind !== 'Job' && entry.object.kind !== 'CronJob') {
      for (const [label, value] of Object.entries(matchLabels)) {
        if (site.labels[label] !== value) {
          this.fail(entry, 'spec.selector.matchLabels', `selector ${label}=${value} does not match the pod template's labels`);
        }
      }
    }
    if (spec.serviceAccountName && spec.serviceAccountName !== 'default' && !this.find('ServiceAccount', namespace, spec.serviceAccountName)) {
      this.fail(entry, `${base}.serviceAccountName`, `ServiceAccount '${spec.serviceAccountName}' does not exist in namespace '${namespace}'`);
    }
    (spec.imagePullSecrets ?? []).forEach((ref: any, index: number) => this.requireSecret(entry, namespace, ref.name, `${base}.imagePullSecrets[${index}]`, false));
    (spec.volumes ?? []).forEach((volume: any, index: number) => {
      const field = `${base}.volumes[${index}]`;
      if (volume.configMap) this.requireConfigMap(entry, namespace, volume.configMap.name, `${field}.configMap.name`, volume.configMap.optional);
      if (volume.secret) this.requireSecret(entry, namespace, volume.secret.secretName, `${field}.secret.secretName`, volume.secret.optional);
      if (volume.persistentVolumeClaim && !this.find('PersistentVolumeClaim', namespace, volume.persistentVolumeClaim.claimName)) {
        this.fail(entry, `${field}.persistentVolumeClaim.claimName`, `PersistentVolumeClaim '${volume.persistentVolumeClaim.claimName}' does not exist in namespace '${namespace}'`);
      }
      (volume.projected?.sources ?? []).forEach((source: any, sourceIndex: number) => {
        if (source.configMap) this.requireConfigMap(entry, namespace, source.configMap.name, `${field}.projected.sources[${sourceIndex}].configMap.name`, source.configMap.optional);
        if (source.secret) this.requireSecret(entry, namespace, source.secret.name, `${field}.projected.sources[${sourceIndex}].secret.name`, source.secret.optional);
      });
    });
    for (const { container, path } of containersOf(site)) {
      const mounts = new Set((spec.volumes ?? []).map((volume: any) => volume.name));
      (container.volumeMounts ?? []).forEach((mount: any, index: number) => {
        if (!mounts.has(mount.name)) {
          this.fail(entry, `${path}.volumeMounts[${index}].name`, `no volume named '${mount.name}' in the pod`);
        }
      });
      (container.env ?? []).forEach((env: any, index: number) => {
        const from = env.valueFrom;
        if (from?.configMapKeyRef) this.requireConfigMap(entry, namespace, from.configMapKeyRef.name, `${path}.env[${index}].valueFrom.configMapKeyRef`, from.configMapKeyRef.optional, from.configMapKeyRef.key);
        if (from?.secretKeyRef) this.requireSecret(entry, namespace, from.secretKeyRef.name, `${path}.env[${index}].valueFrom.secretKeyRef`, from.secretKeyRef.optional);
      });
      (container.envFrom ?? []).forEach((source: any, index: number) => {
        if (source.configMapRef) this.requireConfigMap(entry, namespace, source.configMapRef.name, `${path}.envFrom[${index}].configMapRef`, source.configMapRef.optional);
        if (source.secretRef) this.requireSecret(entry, namespace, source.secretRef.name, `${path}.envFrom[${index}].secretRef`, source.secretRef.optional);
      });
    }
  }

  private requireConfigMap(entry: ManifestEntry, namespace: string | undefined, name: string, field: string, optional?: boolean, dataKey?: string): void {
    if (optional) return;
    const configMap = this.find('ConfigMap', namespace, name);
    if (!configMap) {
      this.fail(entry, field, `ConfigMap '${name}' does not exist in namespace '${namespace}'`);
    } else if (dataKey !== undefined) {
      const data = { ...((configMap.object as any).data ?? {}), ...((configMap.object as any).binaryData ?? {}) };
      if (!(dataKey in data)) {
        this.fail(entry, field, `ConfigMap '${name}' has no key '${dataKey}'`);
      }
    }
  }

  private requireSecret(entry: ManifestEntry, namespace: string | undefined, name: string, field: string, optional?: boolean): void {
    if (optional || this.find('Secret', namespace, name) || this.supplied.has(`${namespace}/${name}`)) return;
    this.fail(entry, field, `Secret '${name}' is neither created in namespace '${namespace}' nor declared as supplied at apply time`);
  }

  /** Two objects with the same kind, namespace and name would silently overwrite each other at apply time. */
  private checkNoDuplicates(): void {
    const first = new Map<string, ManifestEntry>();
    for (const entry of this.context.entries) {
      const object = entry.object;
      const identity = `${apiGroupOf(object.apiVersion)}\u0000${key(object.kind, object.metadata.namespace, object.metadata.name)}`;
      const previous = first.get(identity);
      if (previous) {
        this.fail(entry, 'metadata.name', `${describeObject(object)} is also defined in ${previous.file}; one would overwrite the other`);
      } else {
        first.set(identity, entry);
      }
    }
  }

  private checkApiService(entry: ManifestEntry): void {
    const service = (entry.object.spec as any)?.service;
    if (!service) {
      return;
    }
    const target = this.find('Service', service.namespace, service.name);
    if (!target) {
      this.fail(entry, 'spec.service', `Service '${service.namespace}/${service.name}' does not exist`);
    } else if (service.port !== undefined && !((target.object.spec as any)?.ports ?? []).some((port: any) => port.port === service.port)) {
      this.fail(entry, 'spec.service.port', `Service '${service.namespace}/${service.name}' has no port ${service.port}`);
    }
  }

  private checkAutoscaler(entry: ManifestEntry): void {
    const target = (entry.object.spec as any)?.scaleTargetRef;
    if (target && !this.find(target.kind, entry.object.metadata.namespace, target.name)) {
      this.fail(entry, 'spec.scaleTargetRef', `${target.kind} '${target.name}' does not exist in namespace '${entry.object.metadata.namespace}'`);
    }
  }

  private checkNodePortsUnique(): void {
    const used = new Map<number, string>();
    for (const entry of this.context.entries) {
      if (entry.object.kind !== 'Service') continue;
      ((entry.object.spec as any)?.ports ?? []).forEach((port: any, index: number) => {
        if (port.nodePort === undefined) return;
        const owner = used.get(port.nodePort);
        if (owner) {
          this.fail(entry, `spec.ports[${index}].nodePort`, `NodePort ${port.nodePort} is already used by ${owner}`);
        } else {
          used.set(port.nodePort, describeObject(entry.object));
        }
      });
    }
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
