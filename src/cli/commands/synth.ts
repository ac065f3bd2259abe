import * as path from 'path';
import { assertNoWarnings, writeClusters } from '../../pipeline/synth';
import { summarize } from '../../pipeline/summary';
import { Command, flag, listOption, plural, stringOption } from '../command';
import { CLUSTERS_OPTION, EXTENSIONS_OPTION, extensionsOption, STRICT_OPTION } from './shared-options';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'synthesize clusters into OUT/<cluster>/, replacing only a folder hanok wrote',
  synopsis: '[--clusters DIR] [--out DIR] [--only NAME...] [--extensions FILE...] [--strict]',
  options: {
    clusters: CLUSTERS_OPTION,
    out: { type: 'string', value: 'DIR', description: 'output folder of synth (default: dist)' },
    only: { type: 'string', multiple: true, value: 'NAME...', description: 'only these clusters (all cluster files are still validated)' },
    extensions: EXTENSIONS_OPTION,
    strict: STRICT_OPTION,
  },
  run(args, io) {
    const outDir = stringOption(args, 'out') ?? 'dist';
    const outputs = writeClusters(
      {
        clustersDir: stringOption(args, 'clusters') ?? 'clusters',
        outDir,
        only: listOption(args, 'only'),
        beforeWrite: flag(args, 'strict') ? assertNoWarnings : undefined,
        extensions: extensionsOption(args),
      },
      (message) => io.err(`hanok: ${message}`),
    );
    outputs.forEach((output) => io.out(summarize(output)));
    const names = outputs.map((output) => output.cluster.name);
    const where = names.length === 1 ? path.join(outDir, names[0]) : outDir;
    io.out(`wrote ${plural(names.length, 'cluster')} to ${where}${path.sep}${names.length > 1 ? ` (${names.join(', ')})` : ''}`);
    return 0;
  },
};
