import { KubeObject } from '../kube/objects';

/** One object and the output file it is written to. */
export interface ManifestEntry {
  readonly file: string;
  readonly object: KubeObject;
}

/** One output file of manifests: the objects of one chart. */
export interface ManifestFile {
  readonly name: string;
  readonly chart: string;
  readonly objects: readonly KubeObject[];
}

/** A check's finding: which cluster, file, object and field, and what is wrong. */
export interface CheckFailure {
  readonly cluster: string;
  readonly file: string;
  /** `Kind namespace/name`, or `Kind name` when cluster-scoped. */
  readonly object: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  readonly message: string;
  /** Which check found it: schema, links, policy or pod-security. */
  readonly check: 'schema' | 'links' | 'policy' | 'pod-security';
}

/** A check's finding about one object, without the object: what the checks keep by content across clusters. */
export interface FieldFinding {
  readonly field: string;
  readonly message: string;
}

/** How many characters findings kept under `key` count for a bounded cache (src/kube/bounded-cache.ts). */
export function keptSize(key: string, findings: readonly FieldFinding[]): number {
  return key.length + findings.reduce((sum, finding) => sum + finding.field.length + finding.message.length + 16, 16);
}

export function formatFailure(failure: CheckFailure): string {
  return `${failure.cluster}: ${failure.file}: ${failure.object}: ${failure.field}: ${failure.message} [${failure.check}]`;
}

/** Converts a JSON pointer (`/spec/template/0`) to the dotted form used in messages (`spec.template[0]`). */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}
