import { UserError } from '../../config/errors';
import { initCluster } from '../../pipeline/init-cluster';
import { Command, stringOption } from '../command';
import { CLUSTERS_OPTION } from './shared-options';

export const initCommand: Command = {
  name: 'init',
  summary: 'write a new, minimal, valid cluster file whose addresses clash with no existing cluster',
  synopsis: 'NAME [--clusters DIR] [--network CIDR] [--from BASE]',
  operands: ['NAME'],
  options: {
    clusters: CLUSTERS_OPTION,
    network: { type: 'string', value: 'CIDR', description: 'host network of the new cluster (default: the base\'s, else that of the first existing cluster)' },
    from: { type: 'string', value: 'BASE', description: 'a base file (kind: ClusterBase) the new cluster inherits from' },
  },
  run(args, io) {
    const [name] = args.positionals;
    if (!name) {
      throw new UserError('init needs the name of the new cluster');
    }
    const file = initCluster(stringOption(args, 'clusters') ?? 'clusters', name, stringOption(args, 'network'), stringOption(args, 'from'));
    io.out(`wrote ${file}; edit its addresses for the site, then run: hanok validate`);
    return 0;
  },
};
