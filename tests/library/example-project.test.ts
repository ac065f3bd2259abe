import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, REPO_ROOT } from '../helpers';
import { EXAMPLE_DIR, EXAMPLE_LOCK_FILE, exampleLock, tarballName } from './example-lock';
import { ciOffline, packHanok } from './pack';

// The example extension project (examples/lab-app/) on its own, as its README tells a user to use it: `npm pack` in
// the hanok checkout, then in the example `npm ci` (its committed package-lock.json installs hanok's tarball; here
// offline, from the npm cache hanok's own `npm ci` filled), its own `npm test` (tsc + jest against the installed
// hanok) and `npm run synth` (the installed `hanok` bin with `--extensions lib/extension.js`).
// tests/extensions/lab-app-example.test.ts runs the same jest file against this checkout's sources instead.
// Takes one to two minutes: the build and pack of hanok (shared with tests/library/library.test.ts), npm ci, the
// example's tsc and jest twice, and three synth runs of the installed CLI.

jest.setTimeout(300_000);

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// The checkout's layout, as the example's `file:../../hanok-<version>.tgz` expects it.
const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-example-'));
const project = path.join(checkout, 'examples/lab-app');

/** Runs npm in the copied project; returns its status and output, whether it fails or not. */
function npm(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(NPM, args, { cwd: project, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', CI: 'true' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** The lines of `ours` that are not in `theirs`, when `theirs` is `ours` with lines taken out; undefined otherwise. */
function addedLines(ours: string, theirs: string): string[] | undefined {
  const expected = theirs.split('\n');
  const added: string[] = [];
  let next = 0;
  for (const line of ours.split('\n')) {
    if (next < expected.length && line === expected[next]) next += 1;
    else added.push(line);
  }
  return next === expected.length ? added : undefined;
}

beforeAll(() => {
  const tarball = packHanok();
  expect(path.basename(tarball)).toBe(tarballName());
  fs.copyFileSync(tarball, path.join(checkout, tarballName()));
  // The project as a user has it: its committed files, without what a local install or build left beside them.
  fs.cpSync(EXAMPLE_DIR, project, { recursive: true, filter: (source) => !/[\\/](node_modules|lib|dist)$/.test(source) });
  ciOffline(project);
});

afterAll(() => fs.rmSync(checkout, { recursive: true, force: true }));

describe('examples/lab-app with hanok installed from its npm pack tarball', () => {
  test('its package-lock.json installs hanok\'s tarball and, of everything else, what hanok\'s own lock pins', () => {
    // Stale when hanok's version, dependencies or lock change: rewrite it as example-lock.ts says.
    expect(fs.readFileSync(EXAMPLE_LOCK_FILE, 'utf8')).toBe(exampleLock());
    // One copy of cdk8s and constructs, the example's, which hanok (a peer of them) uses too.
    for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-34']) {
      expect(fs.existsSync(path.join(project, 'node_modules/hanok/node_modules', peer))).toBe(false);
      expect(fs.existsSync(path.join(project, 'node_modules', peer, 'package.json'))).toBe(true);
    }
    expect(fs.lstatSync(path.join(project, 'node_modules/hanok')).isSymbolicLink()).toBe(false);
  });

  test('its own npm test (tsc and jest) passes against the installed hanok', () => {
    const result = npm(['test']);
    expect(result).toMatchObject({ status: 0 });
    expect(result.output).toMatch(/Tests:\s+5 passed, 5 total/);
  });

  test('its own npm test fails when its chart changes', () => {
    const chart = path.join(project, 'src/lab-app-chart.ts');
    const source = fs.readFileSync(chart, 'utf8');
    expect(source).toContain('replicas: props.replicas ?? 2,');
    fs.writeFileSync(chart, source.replace('replicas: props.replicas ?? 2,', 'replicas: 3,'));
    try {
      const result = npm(['test']);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/Expected: 2\s+Received: 3/);
      expect(result.output).toMatch(/Tests:\s+1 failed, 4 passed, 5 total/);
    } finally {
      fs.writeFileSync(chart, source);
    }
  });

  test('its npm run synth writes the app\'s chart beside the layers, and otherwise hanok\'s own dist/lab', () => {
    const result = npm(['run', 'synth']);
    expect(result).toMatchObject({ status: 0 });
    expect(result.output).toMatch(/^lab: \d+ objects in \d+ files, 18 images, 6 supplied secrets, \d+ waivers/m);
    const ours = readTree(path.join(project, 'dist/lab'));
    // The committed dist/lab/ is hanok's synth of clusters/ with its fleet file, which writes gitops/; the example
    // has no fleet.
    const hanoks = Object.fromEntries(Object.entries(readTree(path.join(REPO_ROOT, 'dist/lab'))).filter(([file]) => !file.startsWith('gitops/')));
    expect(Object.keys(ours).filter((file) => !(file in hanoks))).toEqual(['07-lab-app.yaml']);
    expect(Object.keys(hanoks).filter((file) => !(file in ours))).toEqual([]);
    expect(ours['07-lab-app.yaml']).toMatch(/^kind: Deployment\n/m);
    const changed = Object.keys(hanoks).filter((file) => ours[file] !== hanoks[file]).sort();
    expect(changed).toEqual(['apply-plan.tsv', 'image-sources.txt', 'images.txt', 'kustomization.yaml', 'secrets.example', 'topology.svg']);
    // Each listing only gains the app's lines: its manifest and objects, image, Secret.
    const added = (file: string) => addedLines(ours[file], hanoks[file])?.filter((line) => line !== '');
    expect(added('kustomization.yaml')).toEqual(['  - 07-lab-app.yaml']);
    expect(added('images.txt')).toEqual(['nginxinc/nginx-unprivileged:1.28.0-alpine']);
    expect(added('image-sources.txt')).toEqual(['nginxinc/nginx-unprivileged:1.28.0-alpine nginxinc/nginx-unprivileged:1.28.0-alpine']);
    expect(added('apply-plan.tsv')?.map((line) => line.split('\t').slice(0, 2).concat(line.split('\t').slice(4, 5)).join(' '))).toEqual([
      'manifest 07-lab-app.yaml',
      'object 07-lab-app.yaml Namespace',
      'object 07-lab-app.yaml Deployment',
      'object 07-lab-app.yaml Service',
      'object 07-lab-app.yaml HTTPRoute',
    ]);
    expect(added('secrets.example')).toEqual(expect.arrayContaining(['# secret lab-app/lab-app-api type=Opaque', 'lab-app/lab-app-api/token=']));
    expect(added('secrets.example')?.every((line) => line.includes('lab-app') || line.startsWith('#'))).toBe(true);
    // The picture is laid out anew; it gains the app's layer and objects.
    expect(ours['topology.svg']).toContain('layer lab&#45;app');
    expect(ours['topology.svg']).toMatch(/lab&#45;app\/lab&#45;app/);
  });

  test('the installed hanok applies every output check to the app\'s chart: a broken patch fails its synth', () => {
    const clusters = path.join(checkout, 'broken-clusters');
    fs.cpSync(path.join(project, 'clusters'), clusters, { recursive: true });
    const patch = (operation: string) =>
      fs.appendFileSync(path.join(clusters, 'lab.yaml'), `\n  patches:\n    - target: { kind: Deployment, name: lab-app }\n      jsonPatch:\n        - ${operation}\n`);
    const hanok = (...args: string[]) => {
      const out = path.join(checkout, 'broken-dist');
      const result = spawnSync(path.join(project, 'node_modules/.bin/hanok'), ['synth', '--extensions', 'lib/extension.js', '--clusters', clusters, '--out', out, ...args], {
        cwd: project,
        encoding: 'utf8',
      });
      expect(fs.existsSync(out)).toBe(false);
      return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
    };
    const original = fs.readFileSync(path.join(clusters, 'lab.yaml'), 'utf8');
    const cases: Array<[string, RegExp]> = [
      ['{ op: replace, path: /spec/replicas, value: two }', /07-lab-app\.yaml: Deployment lab-app\/lab-app: .*\[schema\]/],
      ['{ op: replace, path: /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name, value: nowhere }', /07-lab-app\.yaml: Deployment lab-app\/lab-app: .*nowhere.*\[links\]/],
      ['{ op: remove, path: /spec/template/spec/containers/0/resources }', /07-lab-app\.yaml: Deployment lab-app\/lab-app: .*\[policy\]/],
    ];
    for (const [operation, message] of cases) {
      fs.writeFileSync(path.join(clusters, 'lab.yaml'), original);
      patch(operation);
      const result = hanok();
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(message);
    }
  });
});
