/** A path into a configuration document, such as `['spec', 'nodes', 1, 'ip']`. */
export type FieldPath = ReadonlyArray<string | number>;

/** One thing wrong with a configuration file. */
export interface ConfigProblem {
  readonly file: string;
  /** Where in the document; empty for the document itself. */
  readonly path: FieldPath;
  readonly message: string;
  /** The value found, when there is one worth showing. */
  readonly got?: unknown;
  /** What would be accepted. */
  readonly expected?: string;
  /** 1-based line: of a syntax error, or where the field is. */
  readonly line?: number;
}

/** Thrown when configuration files are invalid; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the cluster configuration:\n${problems.map(formatProblem).map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatPath(path: FieldPath): string {
  if (path.length === 0) {
    return '(document)';
  }
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      if (!/^[A-Za-z_][\w-]*$/.test(part)) return `[${JSON.stringify(part)}]`;
      return index === 0 ? part : `.${part}`;
    })
    .join('');
}

/** A short quotation of a value: at most 80 characters, never serializing more than that of a large value. */
export function formatValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = shortJson(value, 81);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** JSON of a value, stopping once `budget` characters are produced. */
function shortJson(value: unknown, budget: number): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.slice(0, budget));
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (const item of value) {
      if (text.length >= budget) break;
      text += `${text.length > 1 ? ',' : ''}${shortJson(item, budget - text.length)}`;
    }
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    let text = '{';
    for (const [key, item] of Object.entries(value)) {
      if (text.length >= budget) break;
      text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key.slice(0, budget))}:${shortJson(item, budget - text.length)}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** `file: field.path: what is wrong (got X, expected Y)`, or `file:line: ...` for syntax errors. */
export function formatProblem(problem: ConfigProblem): string {
  const where =
    problem.line !== undefined
      ? `${problem.file}:${problem.line}${problem.path.length > 0 ? `: ${formatPath(problem.path)}` : ''}`
      : problem.path.length === 0
        ? problem.file
        : `${problem.file}: ${formatPath(problem.path)}`;
  const details: string[] = [];
  if ('got' in problem) {
    details.push(`got ${formatValue(problem.got)}`);
  }
  if (problem.expected) {
    details.push(`expected ${problem.expected}`);
  }
  return `${where}: ${problem.message}${details.length ? ` (${details.join(', ')})` : ''}`;
}
