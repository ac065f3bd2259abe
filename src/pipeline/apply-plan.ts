import * as crypto from 'crypto';

/**
 * `dist/<cluster>/apply-plan.tsv`: what `scripts/node/apply.sh` needs to know about the manifests, decided here
 * where the objects are known, so that the script never parses YAML. Plain tab-separated lines that Bash reads
 * with `read` (no jq, no awk over YAML):
 *
 * ```
 * plan      1  <cluster>
 * manifest  <file>  <sha256 of the file>  <objects>
 * object    <file>  <first line>  <last line>  <kind>  <apiVersion>  <namespace or ->  <name>  <step>
 * ```
 *
 * Manifests come in apply order, objects in file order. `first line`..`last line` (1-based, inclusive) hold exactly
 * that object's YAML document, without its `---` separator, so `sed -n 'FIRST,LASTp' FILE` prints it. `step` says
 * what apply.sh does with the object besides applying its file: `crd` (applied first, waited for until
 * Established), `namespace` (applied second), `rollout` (waited for after its file), or `-`. The checksum lets the
 * script refuse a plan that does not belong to the manifests beside it.
 */
export const APPLY_PLAN_FILE = 'apply-plan.tsv';
/** The plan's format; apply.sh refuses any other. */
export const APPLY_PLAN_VERSION = 1;

/** The kinds apply.sh waits for with `kubectl rollout status` after applying their file. */
export const ROLLOUT_KINDS: readonly string[] = ['Deployment', 'DaemonSet', 'StatefulSet'];

/** An object as the plan needs it. */
export interface PlannedObject {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/** One manifest file: its name, its exact content and the objects it holds, in order. */
export interface PlannedManifest {
  readonly name: string;
  readonly content: string;
  readonly objects: readonly PlannedObject[];
}

/** What apply.sh does with an object besides applying its file. */
export function applyStep(kind: string): 'crd' | 'namespace' | 'rollout' | '-' {
  if (kind === 'CustomResourceDefinition') return 'crd';
  if (kind === 'Namespace') return 'namespace';
  return ROLLOUT_KINDS.includes(kind) ? 'rollout' : '-';
}

/**
 * The line ranges of the YAML documents of a manifest file: documents are separated by lines that are exactly
 * `---` (a block scalar's lines are indented, so such a line is always a separator); comment lines before a
 * document's first line (the generated header) are not part of it.
 */
export function documentLines(content: string): Array<{ first: number; last: number }> {
  // One pass with indexOf rather than splitting a cluster's ~4,000 lines into strings (a file's last line break
  // ends its last line; it does not start another).
  const ranges: Array<{ first: number; last: number }> = [];
  let line = 0;
  // The current document's first line that is not a comment, once there is one.
  let start = 0;
  for (let at = 0; at < content.length; ) {
    const end = content.indexOf('\n', at);
    const next = end === -1 ? content.length : end;
    line++;
    if (next - at === 3 && content.startsWith('---', at)) {
      if (start !== 0) ranges.push({ first: start, last: line - 1 });
      start = 0;
    } else if (start === 0 && content.charCodeAt(at) !== 35 /* # */) {
      start = line;
    }
    at = next + 1;
  }
  if (start !== 0) ranges.push({ first: start, last: line });
  return ranges;
}

function field(value: string | undefined, what: string, where: string): string {
  if (value === undefined || value === '') return '-';
  if (/[\t\n]/.test(value)) {
    throw new Error(`${where}: ${what} holds a tab or line break, which the apply plan cannot carry (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** The plan of a cluster's manifests, given in apply order. */
export function renderApplyPlan(cluster: string, header: string, manifests: readonly PlannedManifest[]): string {
  const lines = [
    header.trimEnd(),
    '# Read by scripts/node/apply.sh, which applies nothing when this plan does not match the manifests beside it.',
    '# plan <version> <cluster> | manifest <file> <sha256> <objects> |',
    '# object <file> <first line> <last line> <kind> <apiVersion> <namespace> <name> <step: crd, namespace, rollout or ->',
    ['plan', APPLY_PLAN_VERSION, cluster].join('\t'),
  ];
  for (const manifest of manifests) {
    lines.push(['manifest', manifest.name, crypto.createHash('sha256').update(manifest.content, 'utf8').digest('hex'), manifest.objects.length].join('\t'));
  }
  for (const manifest of manifests) {
    const ranges = documentLines(manifest.content);
    if (ranges.length !== manifest.objects.length) {
      throw new Error(`${manifest.name}: ${ranges.length} YAML documents for ${manifest.objects.length} objects; the apply plan cannot locate them`);
    }
    manifest.objects.forEach((object, index) => {
      const where = `${manifest.name}: object ${index + 1}`;
      const kind = field(object.kind, 'kind', where);
      lines.push(
        [
          'object',
          manifest.name,
          ranges[index].first,
          ranges[index].last,
          kind,
          field(object.apiVersion, 'apiVersion', where),
          field(object.metadata?.namespace, 'metadata.namespace', where),
          field(object.metadata?.name, 'metadata.name', where),
          applyStep(kind),
        ].join('\t'),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}
