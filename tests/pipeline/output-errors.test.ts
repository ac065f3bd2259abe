import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { EXAMPLE_CLUSTERS_DIR } from '../helpers';

/**
 * File-system failures that a test running as root cannot provoke with permissions (root reads and writes
 * everything): fs is wrapped so that chosen calls fail as a read-only, unwritable or busy file system would.
 */
jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return { ...actual, openSync: jest.fn(actual.openSync), mkdirSync: jest.fn(actual.mkdirSync), rmSync: jest.fn(actual.rmSync) };
});
const fs = require('fs') as typeof import('fs') & { openSync: jest.Mock; mkdirSync: jest.Mock; rmSync: jest.Mock };
const actual = jest.requireActual('fs') as typeof import('fs');

function failing(code: string, when: (target: string) => boolean, real: (...args: any[]) => unknown) {
  return (target: unknown, ...rest: unknown[]) => {
    if (when(String(target))) throw Object.assign(new Error(`${code}: simulated`), { code, path: String(target) });
    return real(target, ...rest);
  };
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => {
  fs.openSync.mockImplementation(actual.openSync);
  fs.mkdirSync.mockImplementation(actual.mkdirSync);
  fs.rmSync.mockImplementation(actual.rmSync);
});

test('fails with one clear line when a cluster file cannot be read', async () => {
  const clusters = actual.mkdtempSync(path.join(os.tmpdir(), 'hanok-unreadable-'));
  actual.cpSync(EXAMPLE_CLUSTERS_DIR, clusters, { recursive: true });
  fs.openSync.mockImplementation(failing('EACCES', (target) => target.endsWith('lab.yaml'), actual.openSync));
  const result = await run('validate', '--clusters', clusters);
  expect(result.code).toBe(1);
  expect(result.err).toContain('lab.yaml: cannot be read: permission denied (EACCES); check its permissions');
});

test.each([
  ['EROFS', 'read-only file system (EROFS'],
  ['EACCES', 'permission denied (EACCES'],
])('fails with one clear line when the output place fails with %s, changing nothing', async (code, message) => {
  const parent = actual.mkdtempSync(path.join(os.tmpdir(), 'hanok-ro-'));
  fs.mkdirSync.mockImplementation(failing(code, (target) => target.startsWith(parent), actual.mkdirSync));
  const result = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', path.join(parent, 'sub', 'dist'), '--only', 'lab');
  expect(result.code).toBe(1);
  expect(result.err).toContain(message);
  expect(result.err).toContain('the previous output is unchanged');
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(actual.readdirSync(parent)).toEqual([]);
});

test('a failure to remove the previous tree after a successful swap is a notice, not a crash; the next run cleans up', async () => {
  const out = path.join(actual.mkdtempSync(path.join(os.tmpdir(), 'hanok-busy-')), 'dist');
  expect((await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab')).code).toBe(0);
  fs.rmSync.mockImplementation(failing('EBUSY', (target) => target.includes('.hanok-old-'), actual.rmSync));
  const busy = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab');
  expect(busy.code).toBe(0);
  expect(busy.err).toMatch(/could not remove .*\.hanok-old-\d+ \(it is in use \(EBUSY.*\); remove it by hand/);
  fs.rmSync.mockImplementation(actual.rmSync);
  const next = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab');
  expect(next.err).toMatch(/removed .*lab\.hanok-old-\d+, left by an interrupted synth/);
  expect(actual.readdirSync(out).filter((name) => name.includes('.hanok-'))).toEqual(['.hanok-output']);
});
