import { synthesizeClusters } from '../../pipeline/synth';
import { Command, stringOption } from '../command';
import { CLUSTERS_OPTION, EXTENSIONS_OPTION, extensionsOption } from './shared-options';

export const imagesCommand: Command = {
  name: 'images',
  summary: 'print every image the manifests use, sorted',
  synopsis: '[--clusters DIR] [--cluster NAME] [--extensions FILE...]',
  options: {
    clusters: CLUSTERS_OPTION,
    cluster: { type: 'string', value: 'NAME', description: 'one cluster (images: default every cluster)' },
    extensions: EXTENSIONS_OPTION,
  },
  run(args, io) {
    const cluster = stringOption(args, 'cluster');
    const outputs = synthesizeClusters(stringOption(args, 'clusters') ?? 'clusters', cluster ? [cluster] : undefined, { extensions: extensionsOption(args), draw: false }, '--cluster');
    [...new Set(outputs.flatMap((output) => output.images))].sort().forEach((image) => io.out(image));
    return 0;
  },
};
