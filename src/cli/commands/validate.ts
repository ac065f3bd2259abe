import { assertNoWarnings, synthesizeClusters } from '../../pipeline/synth';
import { summarize } from '../../pipeline/summary';
import { Command, flag, listOption, plural, stringOption } from '../command';
import { CLUSTERS_OPTION, EXTENSIONS_OPTION, extensionsOption, STRICT_OPTION } from './shared-options';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'run every check, write nothing',
  synopsis: '[--clusters DIR] [--only NAME...] [--extensions FILE...] [--strict]',
  options: {
    clusters: CLUSTERS_OPTION,
    only: { type: 'string', multiple: true, value: 'NAME...', description: 'only these clusters (all cluster files are still validated)' },
    extensions: EXTENSIONS_OPTION,
    strict: STRICT_OPTION,
  },
  run(args, io) {
    const outputs = synthesizeClusters(stringOption(args, 'clusters') ?? 'clusters', listOption(args, 'only'), { extensions: extensionsOption(args), draw: false });
    outputs.forEach((output) => io.out(summarize(output)));
    if (flag(args, 'strict')) assertNoWarnings(outputs);
    io.out(`${plural(outputs.length, 'cluster')} valid; nothing written`);
    return 0;
  },
};
