import * as path from 'path';
import { bundleFiles, packageRoot, verifyBundle, writeBundle } from '../pipeline/bundle';
import { UserError } from '../pipeline/errors';
import { summarize } from '../pipeline/summary';
import { synth, synthesizeClusters } from '../pipeline/synth';
import { runDiff } from './diff';

const USAGE = `Usage:
  hanok synth    [--clusters DIR] [--out DIR] [--only NAME...]   synthesize clusters into OUT/<cluster>/
  hanok validate [--clusters DIR] [--only NAME...]               run every check, write nothing
  hanok images   [--clusters DIR] [--cluster NAME]               print every image the manifests use, sorted
  hanok bundle   --cluster NAME --out FILE.tar.gz [--clusters DIR]
                                                                 write the cluster's air-gap bundle
  hanok verify   FILE.tar.gz                                     check a bundle against its SHA256SUMS
  hanok diff     [--base REF | OLD-DIR NEW-DIR] [--format text|markdown|json]
                                                                 what changes, object by object (hanok diff --help)

Options:
  --clusters DIR   folder of cluster files (default: clusters)
  --out DIR|FILE   output folder of synth (default: dist), or the bundle file
  --only NAME...   only these clusters (all cluster files are still validated)
  --cluster NAME   one cluster (images: default every cluster)
  --help           show this help`;

interface ParsedArgs {
  readonly command?: string;
  readonly clustersDir: string;
  readonly outDir: string;
  /** `--out` as given, if it was. */
  readonly out?: string;
  readonly only: string[];
  readonly cluster?: string;
  /** Arguments after the command, such as verify's file. */
  readonly operands: string[];
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: string | undefined;
  let clustersDir = 'clusters';
  let out: string | undefined;
  let cluster: string | undefined;
  let help = false;
  const only: string[] = [];
  const operands: string[] = [];
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
      out = value();
    } else if (arg === '--cluster') {
      cluster = value();
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
      operands.push(arg);
    }
  }
  if (operands.length > (command === 'verify' ? 1 : 0)) {
    throw new UserError(`unexpected argument ${operands[command === 'verify' ? 1 : 0]}\n\n${USAGE}`);
  }
  return { command, clustersDir, outDir: out ?? 'dist', out, only, cluster, operands, help };
}

/** Runs the command line; returns the exit code. User errors are printed without a stack trace. */
export function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  if (argv[0] === 'diff') {
    return runDiff(argv.slice(1), out, err);
  }
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
      case 'images': {
        const outputs = synthesizeClusters(args.clustersDir, args.cluster ? [args.cluster] : undefined, {}, '--cluster');
        [...new Set(outputs.flatMap((output) => output.images))].sort().forEach((image) => out(image));
        return 0;
      }
      case 'bundle': {
        if (!args.cluster || !args.out) {
          throw new UserError(`bundle needs --cluster NAME and --out FILE.tar.gz\n\n${USAGE}`);
        }
        const [output] = synthesizeClusters(args.clustersDir, [args.cluster], {}, '--cluster');
        const files = bundleFiles(output, packageRoot());
        writeBundle(files, output.cluster.name, args.out);
        out(`wrote ${args.out}: ${files.length} files of cluster ${output.cluster.name}, ${output.images.length} images listed; check it with: hanok verify ${args.out}`);
        return 0;
      }
      case 'verify': {
        const [file] = args.operands;
        if (!file) {
          throw new UserError(`verify needs the bundle file\n\n${USAGE}`);
        }
        const result = verifyBundle(file);
        if (result.problems.length > 0) {
          err(`hanok: ${file} is not intact:\n${result.problems.map((problem) => `  ${problem}`).join('\n')}`);
          return 1;
        }
        out(`${file}: ${result.files} files match SHA256SUMS`);
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
