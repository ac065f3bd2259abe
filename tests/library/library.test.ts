import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, REPO_ROOT } from '../helpers';
import { installedVersion, installInto, packHanok, run } from './pack';

// hanok as a dependency of another repository: `npm pack`, an offline `npm install` of the tarball into a small
// TypeScript project, `tsc` against the declarations the package exports, and a run of the compiled consumer.
// Takes about half a minute (a full build of hanok into a staging folder and an npm install from the cache).

jest.setTimeout(240_000);

const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

const CONSUMER = `
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IntOrString } from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import {
  AppDeployment,
  checkCluster,
  Cluster,
  ClusterOutput,
  HanokChart,
  KubeObject,
  loadClusters,
  SuppliedSecret,
  synth,
  waivePolicy,
  waiversOf,
} from 'hanok';

/** A chart of the consumer's own, on hanok's base chart, with hanok's constructs. */
class WebChart extends HanokChart {
  public readonly deployment: AppDeployment;
  constructor(scope: Construct, namespace: string) {
    super(scope, 'web', { layer: 'apps' });
    this.addNamespace(namespace);
    new SuppliedSecret(this, 'token', { name: 'web-token', namespace, keys: { token: 'API token' }, purpose: 'the web app' });
    this.deployment = new AppDeployment(this, 'web', {
      name: 'web',
      namespace,
      appName: 'web',
      component: 'server',
      containers: [
        {
          name: 'web',
          image: 'registry.example.com/web:1.0.0@sha256:${'a'.repeat(64)}',
          resources: { cpu: '10m', memory: '32Mi' },
          // A value class of the consumer's cdk8s-plus-34, serialized by the same copy hanok's constructs use.
          readinessProbe: { httpGet: { path: '/', port: IntOrString.fromNumber(8080) } },
        },
      ],
    });
  }
}

const [clustersDir, outDir] = process.argv.slice(2);
const outputs: ClusterOutput[] = synth({ clustersDir, outDir, only: ['lab'] });
const clusters: Cluster[] = loadClusters(clustersDir);
const lab = clusters.find((cluster) => cluster.name === 'lab')!;

// The consumer's cdk8s App and Chart classes are the ones hanok's constructs use: one install of each.
const app = new App();
const web = new WebChart(app, 'web');
const plain = new Chart(app, 'plain');
const object = new ApiObject(plain, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'web' } });
waivePolicy(object, 'resources', 'a consumer object that hanok reads');
const objects = web.toJson() as KubeObject[];
const check = checkCluster({
  cluster: lab.name,
  entries: objects.map((object) => ({ file: '07-apps.yaml', object })),
  suppliedSecrets: [{ namespace: 'web', name: 'web-token', keys: ['token'] } as any],
  waivers: new Map(),
  kubernetesVersion: lab.spec.kubernetesVersion,
});
fs.writeFileSync(
  path.join(outDir, 'consumer.json'),
  JSON.stringify({
    clusters: outputs.map((output) => output.cluster.name),
    webIsChart: web instanceof Chart,
    webIsConstruct: web instanceof Construct,
    deploymentScopeIsChart: Chart.of(web.deployment) === web,
    waivers: waiversOf(object).map((waiver) => waiver.rule),
    kinds: objects.map((object) => object.kind),
    labels: objects.find((object) => object.kind === 'Deployment')?.metadata?.labels,
    failures: check.failures.map((failure) => failure.object + ' ' + failure.field + ': ' + failure.message),
    cdk8s: [require.resolve('cdk8s'), require.resolve('cdk8s', { paths: [path.dirname(require.resolve('hanok'))] })],
  }),
);
`;

/** Uses hanok's types wrongly: tsc must refuse it, which shows the declarations are read (not \`any\`). */
const MISTYPED = `
import { App } from 'cdk8s';
import { HanokChart, synth } from 'hanok';
new HanokChart(new App(), 'x', { layer: 7 });
synth({ clustersDir: 'clusters' });
import { synthesizeCluster } from 'hanok/lib/src/pipeline/synthesize-cluster';
void synthesizeCluster;
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-library-'));
const consumer = path.join(work, 'consumer');
let tarball: string;

beforeAll(() => {
  tarball = packHanok();
  fs.mkdirSync(path.join(consumer, 'src'), { recursive: true });
  const dependencies = Object.fromEntries(['cdk8s', 'constructs', 'cdk8s-plus-34', '@types/node'].map((name) => [name, installedVersion(name)]));
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  fs.writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      // node16 resolution reads package.json "exports", so the types come from its "types" condition.
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, outDir: 'out', rootDir: 'src', types: ['node'], skipLibCheck: true },
      include: ['src/app.ts'],
    }),
  );
  fs.writeFileSync(path.join(consumer, 'src/app.ts'), CONSUMER);
  fs.writeFileSync(path.join(consumer, 'src/mistyped.ts'), MISTYPED);
  installInto(consumer, tarball);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('hanok as a library', () => {
  test('the tarball holds the built library with its declarations and the files hanok reads at run time, not its sources', () => {
    const listing = run('tar', ['-tzf', tarball], work).split('\n');
    expect(listing).toEqual(expect.arrayContaining(['package/lib/src/index.js', 'package/lib/src/index.d.ts', 'package/bin/hanok', 'package/bin/hanok.js', 'package/scripts/node/apply.sh', 'package/schema/cluster.schema.json']));
    expect(listing.some((entry) => entry.startsWith('package/crds/metallb/'))).toBe(true);
    expect(listing.some((entry) => entry.startsWith('package/schema/kubernetes/'))).toBe(true);
    expect(listing.filter((entry) => /^package\/(src|tests|clusters|dist)\//.test(entry) || entry.endsWith('.tsbuildinfo') || entry.startsWith('package/lib/tests/'))).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules/hanok/package.json'), 'utf8'));
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-34', 'constructs']);
    expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(['cdk8s']));
  });

  test('one copy of cdk8s, constructs and cdk8s-plus-34: the consumer\'s', () => {
    for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-34']) {
      expect(fs.existsSync(path.join(consumer, 'node_modules/hanok/node_modules', peer))).toBe(false);
      expect(fs.existsSync(path.join(consumer, 'node_modules', peer, 'package.json'))).toBe(true);
    }
  });

  test('importing hanok synthesizes and writes nothing', () => {
    // An empty folder inside the consumer, so that \`hanok\` resolves from its node_modules as the consumer's code would.
    const empty = fs.mkdtempSync(path.join(consumer, 'import-'));
    const before = readTree(path.join(consumer, 'node_modules/hanok'));
    for (const code of [`require('hanok')`, `import('hanok').then((hanok) => { if (typeof hanok.synth !== 'function') throw new Error('no synth'); })`]) {
      const result = spawnSync(process.execPath, ['-e', code], { cwd: empty, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: path.join(empty, 'cdk8s') } });
      expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    }
    // The library entry does not load main.ts, the cdk8s app.
    const resolved = spawnSync(process.execPath, ['-e', `require('hanok'); process.stdout.write(Object.keys(require.cache).filter((f) => /[\\\\/]hanok[\\\\/]lib[\\\\/]main\\.js$/.test(f)).join())`], { cwd: consumer, encoding: 'utf8' });
    expect(resolved.status).toBe(0);
    expect(resolved.stdout).toBe('');
    expect(fs.readdirSync(empty)).toEqual([]);
    expect(readTree(path.join(consumer, 'node_modules/hanok'))).toEqual(before);
  });

  test('a consumer compiles against the exported types and synthesizes a cluster with the library', () => {
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], consumer);
    const clusters = path.join(work, 'clusters');
    fs.cpSync(path.join(REPO_ROOT, 'clusters'), clusters, { recursive: true });
    const out = path.join(work, 'dist');
    run(process.execPath, ['out/app.js', clusters, out], consumer);
    // The library's synth writes what hanok's own does: the committed dist/lab/, byte for byte.
    expect(readTree(path.join(out, 'lab'))).toEqual(readTree(path.join(REPO_ROOT, 'dist/lab')));
    const report = JSON.parse(fs.readFileSync(path.join(out, 'consumer.json'), 'utf8'));
    expect(report).toMatchObject({
      clusters: ['lab'],
      webIsChart: true,
      webIsConstruct: true,
      deploymentScopeIsChart: true,
      waivers: ['resources'],
      kinds: ['Namespace', 'Deployment'],
      labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'apps', 'app.kubernetes.io/managed-by': 'hanok' },
      failures: [],
    });
    expect(report.cdk8s[1]).toBe(report.cdk8s[0]);
  });

  test('tsc refuses a consumer that uses hanok\'s types wrongly', () => {
    const wrong = spawnSync(process.execPath, [TSC, '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--types', 'node', '--skipLibCheck', 'src/mistyped.ts'], { cwd: consumer, encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/src\/mistyped\.ts\(4,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    expect(wrong.stdout).toMatch(/src\/mistyped\.ts\(5,\d+\): error TS2345: [\s\S]*Property 'outDir' is missing/);
    // Only what package.json exports resolves: internals stay internal, for tsc as for Node.
    expect(wrong.stdout).toMatch(/src\/mistyped\.ts\(6,\d+\): error TS2307: Cannot find module 'hanok\/lib\/src\/pipeline\/synthesize-cluster'/);
    const deep = spawnSync(process.execPath, ['-e', `require('hanok/lib/src/pipeline/synthesize-cluster')`], { cwd: consumer, encoding: 'utf8' });
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
