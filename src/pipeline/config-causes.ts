import { KubeObject } from '../kube/objects';
import { Cluster } from '../config/cluster';
import { formatPath } from '../config/problems';
import { ManifestFile } from '../checks/manifest';

/**
 * Problems that the output checks would report on generated objects, but whose cause is a configuration field:
 * they are reported in the user's terms instead, naming the field to change. Each entry says which fields of the
 * cluster file make a chart create a Namespace or an Ingress.
 */
const NAMESPACE_FIELDS: Record<string, (spec: Cluster['spec']) => Array<{ field: string; value: string; byDefault: string }>> = {
  storage: (spec) => [{ field: 'spec.storage.namespace', value: spec.storage.namespace, byDefault: 'nfs-provisioner' }],
  registry: (spec) => [{ field: 'spec.registry.namespace', value: spec.registry.namespace, byDefault: 'docker-registry' }],
  metrics: (spec) => [{ field: 'spec.metrics.namespace', value: spec.metrics.namespace, byDefault: 'monitoring' }],
  openfx: (spec) => [
    { field: 'spec.openfx.namespace', value: spec.openfx.namespace, byDefault: 'openfx' },
    { field: 'spec.openfx.functionNamespace', value: spec.openfx.functionNamespace, byDefault: 'openfx-fn' },
  ],
  'smoke-tests': (spec) => [{ field: 'spec.metrics.smokeTests.namespace', value: spec.metrics.smokeTests.namespace, byDefault: 'default' }],
};

/** The fields that make a chart publish something through an Ingress, when they do. */
const INGRESS_FIELDS: Record<string, { what: string; fields: (spec: Cluster['spec']) => string[] }> = {
  registry: { what: 'the registry', fields: () => ['spec.registry.enabled'] },
  metrics: {
    what: 'the metrics layer',
    fields: (spec) => [
      ...(spec.metrics.prometheus.enabled && spec.metrics.prometheus.host !== undefined ? ['spec.metrics.prometheus.host'] : []),
      ...(spec.metrics.grafana.enabled && spec.metrics.grafana.host !== undefined ? ['spec.metrics.grafana.host'] : []),
      ...(spec.metrics.dashboard.enabled ? ['spec.metrics.dashboard.enabled'] : []),
    ],
  },
  'smoke-tests': { what: 'the smoke tests', fields: () => ['spec.metrics.smokeTests.enabled'] },
};

/** `file: field: what is wrong (got X, expected Y)` lines for configuration-caused output problems. */
export function configCauses(cluster: Cluster, manifests: readonly ManifestFile[]): string[] {
  const problems: string[] = [];
  const file = cluster.sourceFile;
  const spec = cluster.spec;

  // A namespace set in the configuration that another layer also creates.
  const creators = new Map<string, string[]>();
  for (const manifest of manifests) {
    for (const object of manifest.objects.filter((candidate) => candidate.kind === 'Namespace')) {
      creators.set(object.metadata.name, [...(creators.get(object.metadata.name) ?? []), manifest.chart]);
    }
  }
  for (const [namespace, charts] of creators) {
    if (charts.length < 2) continue;
    const configured = charts.flatMap((chart) => (NAMESPACE_FIELDS[chart]?.(spec) ?? []).filter((entry) => entry.value === namespace));
    // The field changed from its default is the likely cause.
    const blamed = configured.find((entry) => entry.value !== entry.byDefault) ?? configured[configured.length - 1];
    if (!blamed) continue;
    const others = charts.filter((chart) => !(NAMESPACE_FIELDS[chart]?.(spec) ?? []).some((entry) => entry.field === blamed.field && entry.value === namespace));
    problems.push(
      `${file}: ${blamed.field}: namespace is also used by the ${others.join(' and ')} layer${others.length > 1 ? 's' : ''}; ` +
        `each layer needs a namespace of its own (got ${JSON.stringify(namespace)}, expected a namespace no other layer uses)`,
    );
  }

  // An Ingress of a layer while the ingress layer that would serve its IngressClass is off.
  const className = spec.ingress.className;
  if (!spec.ingress.enabled && !hasIngressClass(manifests, className)) {
    for (const manifest of manifests) {
      const needs = INGRESS_FIELDS[manifest.chart];
      if (!needs || !manifest.objects.some((object) => ROUTE_KINDS.includes(object.kind))) continue;
      const fields = needs.fields(spec);
      problems.push(
        `${file}: ${formatPath(['spec', 'ingress', 'enabled'])}: the ingress is off, but ${needs.what}${fields.length ? ` (${fields.join(', ')})` : ''} needs it: ` +
          `its Ingress uses IngressClass ${className} (got false, expected true, or turn off ${fields.join(' and ') || needs.what})`,
      );
    }
  }
  return problems;
}

/** What a layer publishes a host with: an Ingress, or a Gateway API route. */
const ROUTE_KINDS = ['Ingress', 'HTTPRoute', 'TLSRoute'];

function hasIngressClass(manifests: readonly ManifestFile[], className: string): boolean {
  return manifests.some((manifest) => manifest.objects.some((object: KubeObject) => object.kind === 'IngressClass' && object.metadata.name === className));
}
