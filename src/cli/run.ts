import { main } from './hanok';

/**
 * Runs the command line as a process (bin/hanok.js, and the start-up snapshot of `npm run build:fast`): sets the
 * exit code, and reports a bug in hanok (rather than a problem with the input) in one line, the stack only when
 * HANOK_DEBUG is set.
 */
export function runCli(argv: readonly string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      if (process.env.HANOK_DEBUG) {
        console.error(error);
      } else {
        console.error(`hanok: internal error: ${error && error.message ? error.message : error} (run again with HANOK_DEBUG=1 for details, and report it)`);
      }
      process.exitCode = 1;
    },
  );
}
