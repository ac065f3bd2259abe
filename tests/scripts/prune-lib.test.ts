import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

// `npm run build` runs scripts/prune-lib.js before tsc: a compiled module whose TypeScript source was moved or
// removed would otherwise stay in lib/ and, as `links.js` did beside the `links/` folder that replaced it, be the
// one Node loads.
const PRUNE = path.join(REPO_ROOT, 'scripts', 'prune-lib.js');

function write(root: string, file: string, text = ''): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

function files(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((file) => fs.statSync(path.join(root, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

test('removes the outputs of a source that is gone and nothing else', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-prune-'));
  write(root, 'main.ts');
  write(root, 'src/checks/links/index.ts');
  const kept = [
    'lib/main.js',
    'lib/main.d.ts',
    'lib/src/checks/links/index.js',
    'lib/src/checks/links/index.js.map',
    'lib/src/checks/links/index.d.ts',
    // Written by the build itself, not by tsc.
    'lib/src/checks/kubernetes-validators.generated.js',
    'lib/src/constructs/crd-documents.generated.json',
    // The start-up snapshot and tsc's own state.
    'lib/fast/hanok.blob',
    'lib/fast/entry.js',
    'lib/.tsbuildinfo-build',
    // Not an output of tsc: left alone whatever its name.
    'lib/src/notes.txt',
  ];
  const stale = ['lib/src/checks/links.js', 'lib/src/checks/links.js.map', 'lib/src/checks/links.d.ts', 'lib/src/checks/links.d.ts.map', 'lib/src/gone/old.js'];
  [...kept, ...stale].forEach((file) => write(root, file, 'x'));

  const result = spawnSync(process.execPath, [PRUNE, root], { encoding: 'utf8' });

  expect(result.status).toBe(0);
  expect(files(root)).toEqual([...kept, 'main.ts', 'src/checks/links/index.ts'].sort());
  expect(result.stdout.trim().split('\n').sort()).toEqual(stale.map((file) => `removed ${file}: its TypeScript source is gone`).sort());
});

test('a root without lib/ is nothing to prune', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-prune-empty-'));
  const result = spawnSync(process.execPath, [PRUNE, root], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  expect(result.stdout).toBe('');
});

test('the build runs it before tsc', () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  expect(scripts.build.split(' && ')[0]).toBe('node scripts/prune-lib.js');
});
