import { parseArgs } from 'util';
import { UserError } from '../pipeline/errors';
import { diffStates, formatReport, OutputState, ReportFormat, stateAtRef, stateFromFolder, synthesizedState } from '../review';

export const DIFF_USAGE = `Usage:
  hanok diff [--clusters DIR] [--base REF] [--format text|markdown|json]
  hanok diff OLD-OUT-DIR NEW-OUT-DIR [--format text|markdown|json]

Compares generated output object by object without writing anything: by default the cluster files of the work
tree against those at HEAD (both synthesized in memory with the current code), or against --base REF, or two
output folders. Exit status: 0 nothing changed, 1 something changed, 2 error.`;

/** \`hanok diff\`: returns 0 when nothing changed, 1 when something did, 2 on an error. */
export function runDiff(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  try {
    const { values, positionals } = (() => {
      try {
        return parseArgs({
          args: [...argv],
          allowPositionals: true,
          options: { clusters: { type: 'string', default: 'clusters' }, base: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
        });
      } catch (error) {
        throw new UserError(`${(error as Error).message}\n\n${DIFF_USAGE}`);
      }
    })();
    if (values.help) {
      out(DIFF_USAGE);
      return 0;
    }
    const format = values.format as ReportFormat;
    if (!['text', 'markdown', 'json'].includes(format)) {
      throw new UserError(`--format must be text, markdown or json (got ${values.format})`);
    }
    let base: OutputState;
    let head: OutputState;
    if (positionals.length === 2) {
      if (values.base) throw new UserError('--base compares cluster files; give it or two output folders, not both');
      base = stateFromFolder(positionals[0]);
      head = stateFromFolder(positionals[1]);
    } else if (positionals.length === 0) {
      head = synthesizedState(values.clusters!);
      base = stateAtRef(values.base ?? 'HEAD', values.clusters!);
    } else {
      throw new UserError(`diff takes no or two output folders (got ${positionals.length})\n\n${DIFF_USAGE}`);
    }
    const result = diffStates(base, head);
    out(formatReport(result, format));
    return result.changed ? 1 : 0;
  } catch (error) {
    if (error instanceof UserError) {
      err(`hanok: ${error.message}`);
      return 2;
    }
    err(`hanok: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 2;
  }
}
