import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { BASE_SCHEMA_FILE, SCHEMA_FILE } from '../../src/config/reference';
import { FLEET_SCHEMA_FILE } from '../../src/config/fleet';
import { REPO_ROOT } from '../helpers';

async function schema(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['schema', ...args], (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hanok schema', () => {
  test.each([
    [[], SCHEMA_FILE],
    [['--base'], BASE_SCHEMA_FILE],
    [['--fleet'], FLEET_SCHEMA_FILE],
  ])('%j prints what %s holds, for editors outside this repository', async (args, file) => {
    const result = await schema(...args);
    expect(result.code).toBe(0);
    expect(`${result.out}\n`).toBe(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
  });

  test('fails on --base with --fleet', async () => {
    const result = await schema('--base', '--fleet');
    expect(result.code).toBe(1);
    expect(result.err).toContain('schema takes --base or --fleet, not both');
  });
});
