import { HanokExtension } from '../../extensions/extension';
import { loadExtensionModule } from '../../extensions/load-extensions';
import { UserError } from '../../config/errors';
import { CommandArgs, CommandOption, listOption } from '../command';

export const CLUSTERS_OPTION: CommandOption = { type: 'string', value: 'DIR', description: 'folder of cluster files (default: clusters)' };
export const STRICT_OPTION: CommandOption = { type: 'boolean', description: 'fail when there is any warning (for CI)' };

export const EXTENSIONS_OPTION: CommandOption = {
  type: 'string',
  multiple: true,
  value: 'FILE...',
  description: 'JavaScript modules exporting extensions (defineExtension): charts of your own beside the layers',
};

/** The extensions the `--extensions` modules export, in the order given. */
export function extensionsOption(args: CommandArgs): HanokExtension[] {
  try {
    return listOption(args, 'extensions').flatMap((file) => loadExtensionModule(file));
  } catch (error) {
    if (error instanceof Error && !(error instanceof TypeError) && !(error instanceof ReferenceError) && !(error instanceof SyntaxError)) {
      throw new UserError(error.message);
    }
    throw error;
  }
}
