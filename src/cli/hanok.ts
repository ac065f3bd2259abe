import * as path from 'path';
import { UserError } from '../pipeline/errors';
import { summarize } from '../pipeline/summary';
import { synth, synthesizeClusters } from '../pipeline/synth';

const USAGE = `Usage:
  hanok synth    [--clusters DIR] [--out DIR] [--only NAME...]   synthesize clusters into OUT/<cluster>/
  hanok validate [--clusters DIR] [--only NAME...]               run every check, write nothing

Options:
  --clusters DIR   folder of cluster files (default: clusters)
  --out DIR        output folder (default: dist)
  --only NAME...   only these clusters (all cluster files are still validated)
  --help           show this help`;

interface ParsedArgs {
  readonly command?: string;
  readonly clustersDir: string;
  readonly outDir: string;
  readonly only: string[];
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: string | undefined;
  let clustersDir = 'clusters';
  let outDir = 'dist';
  let help = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) {
        throw new UserError(`${arg} needs a value\n\n${USAGE}`);
      }
      return next;
    };
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--clusters') {
      clustersDir = value();
    } else if (arg === '--out') {
      outDir = value();
    } else if (arg === '--only') {
      only.push(value());
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
        only.push(argv[++i]);
      }
    } else if (arg.startsWith('-')) {
      throw new UserError(`unknown option ${arg}\n\n${USAGE}`);
    } else if (command === undefined) {
      command = arg;
    } else {
      throw new UserError(`unexpected argument ${arg}\n\n${USAGE}`);
    }
  }
  return { command, clustersDir, outDir, only, help };
}

/** Runs the command line; returns the exit code. User errors are printed without a stack trace. */
export function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  try {
    const args = parseArgs(argv);
    if (args.help || args.command === undefined) {
      (args.help ? out : err)(USAGE);
      return args.help ? 0 : 2;
    }
    switch (args.command) {
      case 'synth': {
        const outputs = synth({ clustersDir: args.clustersDir, outDir: args.outDir, only: args.only });
        outputs.forEach((output) => out(summarize(output)));
        out(`wrote ${outputs.length} cluster${outputs.length === 1 ? '' : 's'} to ${path.join(args.outDir, '<cluster>')}/`);
        return 0;
      }
      case 'validate': {
        const outputs = synthesizeClusters(args.clustersDir, args.only);
        outputs.forEach((output) => out(summarize(output)));
        out(`${outputs.length} cluster${outputs.length === 1 ? '' : 's'} valid; nothing written`);
        return 0;
      }
      default:
        throw new UserError(`unknown command '${args.command}'\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UserError) {
      err(`hanok: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
