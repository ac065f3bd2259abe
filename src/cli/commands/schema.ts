import { clusterBaseJsonSchema, clusterJsonSchema } from '../../config/reference';
import { fleetJsonSchema } from '../../config/fleet';
import { Command, flag } from '../command';
import { UserError } from '../../config/errors';
import { EXTENSIONS_OPTION, extensionsOption } from './shared-options';

/**
 * `hanok schema`: the JSON Schema of cluster files (or of base or fleet files), for editors of a cluster repository
 * outside hanok's own: `hanok schema > schema/cluster.schema.json`, then point the files' `$schema` comment at it.
 */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of cluster files (--base: of base files, --fleet: of the fleet file), for editors',
  synopsis: '[--base | --fleet] [--extensions FILE...]',
  options: {
    base: { type: 'boolean', description: 'the schema of base files (kind: ClusterBase)' },
    fleet: { type: 'boolean', description: 'the schema of the fleet file (kind: Fleet)' },
    extensions: { ...EXTENSIONS_OPTION, description: 'with the sections these extensions declare under spec.extensions' },
  },
  run(args, io) {
    if (flag(args, 'base') && flag(args, 'fleet')) {
      throw new UserError('schema takes --base or --fleet, not both');
    }
    const extensions = extensionsOption(args);
    const text = flag(args, 'base') ? clusterBaseJsonSchema(extensions) : flag(args, 'fleet') ? fleetJsonSchema() : clusterJsonSchema(extensions);
    io.out(text.replace(/\n$/, ''));
    return 0;
  },
};
