import { CommandOption } from '../command';

export const CLUSTERS_OPTION: CommandOption = { type: 'string', value: 'DIR', description: 'folder of cluster files (default: clusters)' };
export const STRICT_OPTION: CommandOption = { type: 'boolean', description: 'fail when there is any warning (for CI)' };
