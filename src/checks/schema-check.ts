import { KubernetesSchemas, UnknownKindError } from './kubernetes-schemas';
import { FieldFinding, keptSize, ManifestEntry } from './manifest';
import { apiGroupOf, KubeObject } from '../kube/objects';
import { BoundedCache } from '../kube/bounded-cache';
import { ContentKeys } from '../kube/exact-json';
import { schemaLabel, validateAgainstMinor } from './versioned-schemas';
import { minorOf } from '../versions/kubernetes-releases';

/* eslint-disable @typescript-eslint/no-explicit-any */

let sharedSchemas: KubernetesSchemas | undefined;

/** Forgets the schemas read and compiled so far (the start-up snapshot's warm-up, src/cli/warm-up.ts). */
export function forgetSchemas(): void {
  sharedSchemas = undefined;
  forgetSchemaFindings();
}

/** One compiled-schema cache per process: compiling the Kubernetes schemas is the expensive part of the checks. */
function schemas(): KubernetesSchemas {
  sharedSchemas ??= new KubernetesSchemas();
  return sharedSchemas;
}

export interface SchemaFailure {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
}

/** What the 1.27 schemas report for a field the 1.27 API lacks; the version-matched check decides fields instead. */
const UNKNOWN_IN_1_27 = 'unknown field (not in the Kubernetes 1.27 schema)';

/**
 * Validates every object strictly: built-in kinds against Kubernetes 1.27 (types and formats) and, given the
 * cluster's Kubernetes version, against the API of that version (which fields exist; see versioned-schemas.ts);
 * custom resources against the CRD in the same output that defines their kind and version. Each object's findings
 * are kept by its content key (src/kube/exact-json.ts), taken from `keys`, which the caller may share with others.
 */
export function checkSchemas(entries: readonly ManifestEntry[], kubernetesVersion?: string, keys: ContentKeys = new ContentKeys()): SchemaFailure[] {
  const minor = kubernetesVersion !== undefined ? minorOf(kubernetesVersion) : undefined;
  const crds = new Map<string, DefiningCrd>();
  for (const { object } of entries) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = object.spec as any;
    // The findings of a custom resource depend on its CRD: the CRD's exact content is part of their cache key.
    const crdJson = keys.of(object);
    const crdId = crdJson === undefined ? undefined : idOfCrd(crdJson);
    for (const version of spec?.versions ?? []) {
      if (version.schema?.openAPIV3Schema) {
        const key = crdId === undefined ? undefined : `${crdId} ${version.name}`;
        crds.set(`${spec.group}/${version.name}/${spec.names?.kind}`, { schema: version.schema.openAPIV3Schema, name: object.metadata.name, key });
      }
    }
  }
  const failures: SchemaFailure[] = [];
  for (const entry of entries) {
    const object: KubeObject = entry.object;
    const crd = crds.get(`${apiGroupOf(object.apiVersion)}/${object.apiVersion.split('/').pop()}/${object.kind}`);
    failures.push(...findingsCached(object, keys.of(object), crd, minor).map((finding) => ({ entry, ...finding })));
  }
  return failures;
}

/**
 * The key of a CRD version's compiled validator: with the CRD's content where it has a content key, so that a CRD changed
 * within the process (another cluster's version of a component) is not checked with the schema of the first.
 */
function customValidatorKey(object: KubeObject, crd: DefiningCrd): string {
  return crd.key === undefined ? `${crd.name}/${object.apiVersion}` : `${crd.name}/${object.apiVersion} ${crd.key}`;
}

/** The CRD in the same output that defines a custom resource's kind and version. */
interface DefiningCrd {
  readonly schema: object;
  readonly name: string;
  /**
   * The CRD's content key (by its number in {@link crdIds}) and the version's name, which determine everything the
   * check of a custom resource reads.
   * @default - the CRD has no content key (it is not exact data): its custom resources are checked every time
   */
  readonly key?: string;
}

/**
 * Bounds {@link checked}: characters of keys and findings. The objects every cluster of a fleet repeats take a few
 * hundred thousand and are used by every cluster; those that differ per cluster are not used again and go first.
 */
export const CHECKED_LIMIT = 4 * 1024 * 1024;

/**
 * The findings of objects already checked in this process, by the exact content of what they depend on: the object,
 * the Kubernetes minor and the defining CRD (a fleet's clusters repeat most objects, and every CRD): per minor or
 * CRD, by the object's content key (src/kube/exact-json.ts). Least recently used first within each; the keys' and findings' characters are
 * bounded by {@link CHECKED_LIMIT}, after which the least recently used are forgotten. The findings of an object
 * whose content differs in any value are computed afresh.
 */
const checked = new BoundedCache<readonly FieldFinding[]>(CHECKED_LIMIT);

/** Forgets the findings kept so far (with {@link forgetSchemas}, and tests). */
export function forgetSchemaFindings(): void {
  checked.clear();
  crdIds.clear();
  crdIdsSize = 0;
}

/** How much the findings cache holds now (tests): entries, and characters of keys and findings. */
export function schemaFindingsCached(): { entries: number; characters: number } {
  return checked.held();
}

/**
 * A number per distinct CRD content key seen in this process, to key its custom resources' findings without the
 * whole key. Bounded like {@link checked}: when its texts pass the limit, it and the findings are forgotten together.
 */
const crdIds = new Map<string, number>();
let crdIdsSize = 0;
let nextCrdId = 0;

function idOfCrd(json: string): number {
  let id = crdIds.get(json);
  if (id === undefined) {
    if (crdIdsSize + json.length > CHECKED_LIMIT) forgetSchemaFindings();
    id = nextCrdId++;
    crdIds.set(json, id);
    crdIdsSize += json.length;
  }
  return id;
}

function findingsCached(object: KubeObject, json: string | undefined, crd: DefiningCrd | undefined, minor: string | undefined): readonly FieldFinding[] {
  if (json === undefined || (crd && crd.key === undefined)) return findingsOf(object, crd, minor);
  // What the findings depend on besides the object; the minor is not read when a CRD defines the kind.
  const context = crd ? `crd ${crd.key}` : `minor ${minor ?? ''}`;
  const hit = checked.get(context, json);
  if (hit) return hit.value;
  const findings = findingsOf(object, crd, minor);
  checked.set(context, json, findings, keptSize(json, findings));
  return findings;
}

function findingsOf(object: KubeObject, crd: DefiningCrd | undefined, minor: string | undefined): FieldFinding[] {
  const findings: FieldFinding[] = [];
  const versioned = !crd && minor !== undefined ? validateAgainstMinor(object, minor) : undefined;
  if (versioned) {
    findings.push(...versioned.map((error) => ({ field: error.field, message: error.message })));
  }
  try {
    const errors = crd ? schemas().validateCustom(object, crd.schema as any, customValidatorKey(object, crd)) : schemas().validate(object);
    findings.push(...errors.filter((error) => !(versioned && error.message === UNKNOWN_IN_1_27)).map((error) => ({ field: error.field, message: error.message })));
  } catch (error) {
    if (!(error instanceof UnknownKindError)) throw error;
    if (versioned) return findings; // A kind newer than 1.27 that the cluster's version has.
    const message = minor !== undefined ? `neither Kubernetes 1.27 nor the ${schemaLabel(minor)} has ${object.apiVersion} ${object.kind}` : error.message;
    findings.push({ field: 'apiVersion', message: `${message}, and no CustomResourceDefinition in the output defines it` });
  }
  return findings;
}
