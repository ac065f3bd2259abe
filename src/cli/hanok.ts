import { UserError } from '../config/errors';
import { codeOf, describeFsError } from '../pipeline/fs-steps';
import { parseInvocation, usage, UsageError } from './args';
import { COMMANDS } from './commands';
import { hanokVersion } from './version';

/**
 * Runs the command line; resolves to the exit code: 0 success, 1 a problem with the input or the files, 2 bad
 * arguments. User errors are printed as one message without a stack trace.
 */
export async function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  try {
    const invocation = parseInvocation(argv, COMMANDS);
    switch (invocation.kind) {
      case 'version':
        out(`hanok ${hanokVersion()}`);
        return 0;
      case 'help':
        if (argv.length === 0) {
          err(usage(COMMANDS));
          return 2;
        }
        out(usage(COMMANDS, invocation.command));
        return 0;
      case 'run':
        return await invocation.command.run(invocation.args, { out, err });
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`hanok: ${error.message}\n\n${usage(COMMANDS, error.command)}`);
      return 2;
    }
    if (error instanceof UserError) {
      err(`hanok: ${error.message}`);
      return 1;
    }
    if (codeOf(error)) {
      // A file-system failure no check foresaw: still one line that names the path.
      err(`hanok: ${describeFsError(error)}`);
      return 1;
    }
    throw error;
  }
}
