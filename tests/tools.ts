import { spawnSync } from 'child_process';

/**
 * Whether tests that need an external program run. Where CI is set the program is mandatory (.ci/run installs it),
 * so a missing one fails; on a developer machine without it those tests are skipped with a visible message that
 * says how to install it, so that `npm ci && npm test` passes on a fresh machine with only Node.
 */
export function toolAvailability(
  command: string,
  install: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): 'run' | 'skip' {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8', env });
  if (!probe.error) {
    return 'run';
  }
  if (env.CI) {
    throw new Error(`${command} is not installed, and CI is set, where it is required: ${install} (.ci/run does it)`);
  }
  warn(`SKIPPED: the tests that need ${command}, which is not installed. Install it with: ${install}`);
  return 'skip';
}

/** `test` when the program is there (or CI requires it), else `test.skip` after saying so. */
export function testWithTool(command: string, install: string): jest.It {
  return toolAvailability(command, install) === 'run' ? test : test.skip;
}
