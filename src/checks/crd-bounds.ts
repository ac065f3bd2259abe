import { minorNumber, minorOf } from '../versions/kubernetes-releases';
import { FieldFinding, keptSize, ManifestEntry } from './manifest';
import { CHECKED_LIMIT } from './schema-check';
import { BoundedCache } from '../kube/bounded-cache';
import { ContentKeys } from '../kube/exact-json';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** From this minor on, the API server holds CRD bounds to the declared integer format (metallb/metallb#3034). */
export const STRICT_INTEGER_FORMATS_FROM = '1.36';

const RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * The findings of the CRDs already walked in this process, by the cluster's Kubernetes version (which the messages
 * name) and the CRD's content key: every cluster of a fleet ships the same CRDs, whose schemas have thousands of nodes.
 */
const checkedCrds = new BoundedCache<readonly FieldFinding[]>(CHECKED_LIMIT);

/** Forgets the findings kept so far (the start-up snapshot's warm-up, with the schema findings; tests). */
export function forgetCrdBounds(): void {
  checkedCrds.clear();
}

/** How many CRDs' findings are kept now (tests). */
export function crdBoundsCached(): number {
  return checkedCrds.held().entries;
}

/**
 * CustomResourceDefinition schemas whose `minimum` or `maximum` does not fit the integer `format` they declare:
 * Kubernetes 1.36 and later reject every object of such a CRD ("Maximum boundary value must be of type integer
 * with format int32"), as MetalLB v0.14's BGPPeer ASNs (maximum 4294967295, format int32) showed. Each CRD's findings
 * are kept by its content key, taken from `keys`.
 */
export function checkCrdBounds(
  entries: readonly ManifestEntry[],
  kubernetesVersion: string,
  keys: ContentKeys = new ContentKeys(),
): Array<{ entry: ManifestEntry; field: string; message: string }> {
  const minor = minorOf(kubernetesVersion);
  if (minorNumber(minor) < minorNumber(STRICT_INTEGER_FORMATS_FROM)) {
    return [];
  }
  const failures: Array<{ entry: ManifestEntry; field: string; message: string }> = [];
  for (const entry of entries) {
    if (entry.object.kind !== 'CustomResourceDefinition') continue;
    const text = keys.of(entry.object);
    const hit = text === undefined ? undefined : checkedCrds.get(kubernetesVersion, text);
    const findings = hit ? hit.value : boundsOf(entry.object.spec, minor, kubernetesVersion);
    if (text !== undefined && !hit) {
      checkedCrds.set(kubernetesVersion, text, findings, keptSize(text, findings));
    }
    failures.push(...findings.map((finding) => ({ entry, ...finding })));
  }
  return failures;
}

/** The bounds of a CRD's `spec` that do not fit their format. */
function boundsOf(spec: any, minor: string, kubernetesVersion: string): FieldFinding[] {
  const findings: FieldFinding[] = [];
  (spec?.versions ?? []).forEach((version: any, index: number) => {
    walk(version?.schema?.openAPIV3Schema, { parent: undefined, keyword: `spec.versions[${index}].schema.openAPIV3Schema` }, (schema, field) => {
      const range = RANGES[schema.format];
      if (!range) return;
      for (const bound of ['minimum', 'maximum'] as const) {
        const value = schema[bound];
        if (typeof value === 'number' && (value < range[0] || value > range[1])) {
          findings.push({
            field: `${fieldOf(field)}.${bound}`,
            message: `Kubernetes ${minor} (spec.kubernetesVersion ${kubernetesVersion}) rejects every object of this CRD: ${bound} ${value} does not fit format ${schema.format} (expected ${range[0]} to ${range[1]}, or format int64)`,
          });
        }
      }
    });
  });
  return findings;
}

/**
 * Where a schema is within its CRD, written out only for a finding: a CRD's schema has thousands of nodes, and
 * every output's CRDs are walked on every run.
 */
interface SchemaPath {
  readonly parent: SchemaPath | undefined;
  /** The keyword leading here from the parent (`properties`, `items`, `anyOf`...), or the root's whole field. */
  readonly keyword: string;
  /** The property's name under `properties`, the position under `allOf`, `anyOf` and `oneOf`. */
  readonly key?: string | number;
}

function fieldOf(path: SchemaPath): string {
  const steps: string[] = [];
  for (let at: SchemaPath | undefined = path; at; at = at.parent) {
    if (!at.parent) steps.push(at.keyword);
    else if (typeof at.key === 'number') steps.push(`.${at.keyword}[${at.key}]`);
    else steps.push(at.key === undefined ? `.${at.keyword}` : `.${at.keyword}.${at.key}`);
  }
  return steps.reverse().join('');
}

function walk(schema: any, path: SchemaPath, visit: (schema: any, path: SchemaPath) => void): void {
  if (!schema || typeof schema !== 'object') return;
  visit(schema, path);
  const properties = schema.properties;
  if (properties && typeof properties === 'object') {
    for (const name of Object.keys(properties)) walk(properties[name], { parent: path, keyword: 'properties', key: name }, visit);
  }
  if (schema.items) walk(schema.items, { parent: path, keyword: 'items' }, visit);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, { parent: path, keyword: 'additionalProperties' }, visit);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    (schema[keyword] ?? []).forEach((sub: any, index: number) => walk(sub, { parent: path, keyword, key: index }, visit));
  }
}
