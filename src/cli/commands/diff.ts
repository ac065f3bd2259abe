import { UserError } from '../../config/errors';
import { diffStates, formatReport, OutputState, ReportFormat, stateAtRef, stateFromFolder, synthesizedState } from '../../review';
import { Command, stringOption } from '../command';
import { CLUSTERS_OPTION, EXTENSIONS_OPTION, extensionsOption } from './shared-options';

const FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json'];

/**
 * `hanok diff`: compares generated output object by object without writing anything: by default the cluster files
 * of the work tree against those at HEAD (both synthesized in memory with the current code), or against --base REF,
 * or two output folders. Exit status 0 nothing changed, 1 something changed, 2 an error, so CI can gate on it.
 */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'what a change does to the output, object by object, with warnings for what a running cluster refuses (exit 0 same, 1 changed, 2 error)',
  synopsis: '[--clusters DIR] [--base REF] [--format text|markdown|json] [--extensions FILE...] | OLD-OUT-DIR NEW-OUT-DIR',
  operands: ['OLD-OUT-DIR', 'NEW-OUT-DIR'],
  options: {
    clusters: CLUSTERS_OPTION,
    base: { type: 'string', value: 'REF', description: 'the git ref whose cluster files are the old state (default: HEAD)' },
    format: { type: 'string', value: 'FORMAT', description: 'text (default), markdown for a pull-request comment, or json for tools' },
    extensions: EXTENSIONS_OPTION,
  },
  run(args, io) {
    try {
      const format = (stringOption(args, 'format') ?? 'text') as ReportFormat;
      if (!FORMATS.includes(format)) {
        throw new UserError(`--format must be text, markdown or json (got ${format})`);
      }
      const clusters = stringOption(args, 'clusters') ?? 'clusters';
      const baseRef = stringOption(args, 'base');
      let base: OutputState;
      let head: OutputState;
      if (args.positionals.length === 2) {
        if (baseRef) throw new UserError('--base compares cluster files; give it or two output folders, not both');
        base = stateFromFolder(args.positionals[0]);
        head = stateFromFolder(args.positionals[1]);
      } else if (args.positionals.length === 0) {
        const extensions = extensionsOption(args);
        head = synthesizedState(clusters, extensions);
        base = stateAtRef(baseRef ?? 'HEAD', clusters, extensions);
      } else {
        throw new UserError('diff takes no output folders or two (OLD-OUT-DIR NEW-OUT-DIR)');
      }
      const result = diffStates(base, head);
      io.out(formatReport(result, format));
      return result.changed ? 1 : 0;
    } catch (error) {
      // 1 means "changed" here, so every error, the user's included, is 2.
      if (error instanceof UserError) {
        io.err(`hanok: ${error.message}`);
        return 2;
      }
      throw error;
    }
  },
};
