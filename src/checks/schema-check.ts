import { KubernetesSchemas, UnknownKindError } from './kubernetes-schemas';
import { ManifestEntry } from './manifest';
import { apiGroupOf, KubeObject } from '../kube/objects';
import { exactJson } from '../kube/exact-json';
import { schemaLabel, validateAgainstMinor } from './versioned-schemas';
import { minorOf } from '../versions/kubernetes-releases';

/* eslint-disable @typescript-eslint/no-explicit-any */

let sharedSchemas: KubernetesSchemas | undefined;

/** Forgets the schemas read and compiled so far (the start-up snapshot's warm-up, src/cli/warm-up.ts). */
export function forgetSchemas(): void {
  sharedSchemas = undefined;
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
 * custom resources against the CRD in the same output that defines their kind and version.
 */
export function checkSchemas(entries: readonly ManifestEntry[], kubernetesVersion?: string): SchemaFailure[] {
  const minor = kubernetesVersion !== undefined ? minorOf(kubernetesVersion) : undefined;
  const crds = new Map<string, { schema: object; name: string }>();
  for (const { object } of entries) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = object.spec as any;
    for (const version of spec?.versions ?? []) {
      if (version.schema?.openAPIV3Schema) {
        crds.set(`${spec.group}/${version.name}/${spec.names?.kind}`, { schema: version.schema.openAPIV3Schema, name: object.metadata.name });
      }
    }
  }
  const failures: SchemaFailure[] = [];
  for (const entry of entries) {
    const object: KubeObject = entry.object;
    const crd = crds.get(`${apiGroupOf(object.apiVersion)}/${object.apiVersion.split('/').pop()}/${object.kind}`);
    const findings = !crd && CHECKED_ONCE_KINDS.has(object.kind) ? findingsOnce(object, minor) : findingsOf(object, crd, minor);
    failures.push(...findings.map((finding) => ({ entry, ...finding })));
  }
  return failures;
}

type Finding = Pick<SchemaFailure, 'field' | 'message'>;

/**
 * Kinds whose objects are large and the same in every cluster of a fleet (the CRDs): checked once per process for
 * each Kubernetes minor and exact content, since the result depends on nothing else.
 */
const CHECKED_ONCE_KINDS: ReadonlySet<string> = new Set(['CustomResourceDefinition']);
/** Bounds the cache (distinct objects); a fleet of many CRD versions empties it and starts again. */
const CHECKED_ONCE_LIMIT = 2000;
const checkedOnce = new Map<string, readonly Finding[]>();

function findingsOnce(object: KubeObject, minor: string | undefined): readonly Finding[] {
  const json = exactJson(object);
  if (json === undefined) return findingsOf(object, undefined, minor);
  const key = `${minor ?? ''} ${json}`;
  const cached = checkedOnce.get(key);
  if (cached) return cached;
  const findings = findingsOf(object, undefined, minor);
  if (checkedOnce.size >= CHECKED_ONCE_LIMIT) checkedOnce.clear();
  checkedOnce.set(key, findings);
  return findings;
}

function findingsOf(object: KubeObject, crd: { schema: object; name: string } | undefined, minor: string | undefined): Finding[] {
  const findings: Finding[] = [];
  const versioned = !crd && minor !== undefined ? validateAgainstMinor(object, minor) : undefined;
  if (versioned) {
    findings.push(...versioned.map((error) => ({ field: error.field, message: error.message })));
  }
  try {
    const errors = crd ? schemas().validateCustom(object, crd.schema as any, `${crd.name}/${object.apiVersion}`) : schemas().validate(object);
    findings.push(...errors.filter((error) => !(versioned && error.message === UNKNOWN_IN_1_27)).map((error) => ({ field: error.field, message: error.message })));
  } catch (error) {
    if (!(error instanceof UnknownKindError)) throw error;
    if (versioned) return findings; // A kind newer than 1.27 that the cluster's version has.
    const message = minor !== undefined ? `neither Kubernetes 1.27 nor the ${schemaLabel(minor)} has ${object.apiVersion} ${object.kind}` : error.message;
    findings.push({ field: 'apiVersion', message: `${message}, and no CustomResourceDefinition in the output defines it` });
  }
  return findings;
}
