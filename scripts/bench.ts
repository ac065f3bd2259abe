import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { planBundleImages } from '../src/pipeline/image-bundle';
import { NODE_STAMP } from './build-fast';
import { parseImageReference, normalizeImageName } from '../src/kube/image-reference';
import { synthesizeClusters, writeOutputs } from '../src/pipeline/synth';
import { buildTinyImage, hasSkopeo, pushTinyImage, registryBinary, registryConfig, startRegistry } from './loopback-registry';

/**
 * Synth speed, measured (never asserted: this is not a test): `npm run bench`, which runs `npm run build:fast` first
 * so that the fast path is current and measured beside the plain one. The machine may be shared, so every comparison is measured in pairs (or triples) run alternately,
 * A B A B, in one call, and reported as medians of BENCH_PAIRS (default 7) rounds; a one-shot figure would let a busy
 * neighbour decide the result. Targets (issue #16): the example clusters synthesize cold in at most 0.5 s and at most
 * 4x a bare `node -e 0` of the same rounds; 100 clusters in process take at most 2x the floor (serializing and
 * writing the same objects with js-yaml); the checks add at most 25 %; `hanok validate` of one cluster cold takes
 * at most 0.35 s; peak memory stays at most 300 MiB for 300 clusters and flat beyond.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const HANOK = path.join(ROOT, 'bin', 'hanok.js');
/** The hanok command as npm installs it (package.json "bin"). */
const HANOK_COMMAND = path.join(ROOT, 'bin', 'hanok');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 7);

interface Sample {
  /** Milliseconds. */
  readonly wall: number;
  /** CPU milliseconds (user + system), of the child processes for a process, of this process otherwise. */
  readonly cpu: number;
}

const tempDirs: string[] = [];

/** A temporary folder, removed when the bench ends (100 clusters write 15 MB per round). */
function tempDir(prefix: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(directory);
  return directory;
}

process.on('exit', () => tempDirs.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true })));

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

function medianSample(samples: readonly Sample[]): Sample {
  return { wall: median(samples.map((sample) => sample.wall)), cpu: median(samples.map((sample) => sample.cpu)) };
}

function spread(samples: readonly Sample[]): string {
  const walls = samples.map((sample) => sample.wall);
  return `${seconds(Math.min(...walls))}..${seconds(Math.max(...walls))}`;
}

/** CPU time of the waited-for child processes (Linux /proc; undefined elsewhere), in milliseconds. */
function childCpu(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3) on; clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** One process run to its end: wall and CPU time. Throws when it fails. */
function runProcess(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Sample {
  const cpuBefore = childCpu();
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env }, cwd: options.cwd ?? ROOT, encoding: 'utf8' });
  const wall = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  const cpuAfter = childCpu();
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : cpuAfter - cpuBefore };
}

/** Work in this process: wall and CPU time. */
function runHere(work: () => void): Sample {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** Runs the variants alternately, round after round, and returns each one's samples. */
function alternate(variants: Record<string, () => Sample>, rounds = PAIRS): Record<string, Sample[]> {
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(variants)) {
      samples[name].push(run());
    }
  }
  return samples;
}

function describe(label: string, samples: readonly Sample[]): string {
  const { wall, cpu } = medianSample(samples);
  return `${label}: ${seconds(wall)} wall, ${seconds(cpu)} CPU (median of ${samples.length}; wall ${spread(samples)})`;
}

function fastPathBuilt(): boolean {
  return fs.existsSync(path.join(ROOT, 'lib', 'fast', NODE_STAMP)) && runProcessStatus(process.execPath, [HANOK, '--version'], { HANOK_FAST: '1' }) === 0;
}

function runProcessStatus(command: string, args: readonly string[], env: NodeJS.ProcessEnv): number | null {
  return spawnSync(command, args, { stdio: 'ignore', env: { ...process.env, ...env }, cwd: ROOT }).status;
}

/** Variants of the lab example, each on its own host network. */
function generateClusters(count: number): string {
  const directory = tempDir('hanok-bench-clusters-');
  const lab = fs.readFileSync(path.join(ROOT, 'clusters', 'lab.yaml'), 'utf8');
  for (let i = 0; i < count; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    const text = lab.replace(/^( {2}name:) lab$/m, `$1 ${name}`).replace(/192\.168\.111\./g, `172.${16 + Math.floor(i / 256)}.${i % 256}.`);
    fs.writeFileSync(path.join(directory, `${name}.yaml`), text);
  }
  fs.cpSync(path.join(ROOT, 'clusters', 'certs'), path.join(directory, 'certs'), { recursive: true });
  return directory;
}

/**
 * The cold command-line rows: synth of the example clusters and validate of one, plain and fast, against `node -e 0`.
 * `hanok` is the command npm installs (bin/hanok, which starts the snapshot itself); `node bin/hanok.js` is what the
 * npm scripts run, and costs a Node process more on the fast path.
 */
function coldRows(fast: boolean): void {
  const examples = path.join(ROOT, 'clusters');
  const one = tempDir('hanok-bench-one-');
  fs.copyFileSync(path.join(examples, 'lab.yaml'), path.join(one, 'lab.yaml'));
  fs.cpSync(path.join(examples, 'certs'), path.join(one, 'certs'), { recursive: true });
  const synthArgs = () => ['synth', '--clusters', examples, '--out', tempDir('hanok-bench-out-')];
  const hanok = (mode: string, args: () => string[]) => () => runProcess(HANOK_COMMAND, args(), { env: { HANOK_FAST: mode } });
  const hanokJs = (mode: string, args: () => string[]) => () => runProcess(process.execPath, [HANOK, ...args()], { env: { HANOK_FAST: mode } });
  const validateArgs = () => ['validate', '--clusters', one];
  const variants: Record<string, () => Sample> = { node: () => runProcess(process.execPath, ['-e', '0']), synthPlain: hanok('0', synthArgs), validatePlain: hanok('0', validateArgs) };
  if (fast) {
    variants.synthFast = hanok('1', synthArgs);
    variants.synthFastJs = hanokJs('1', synthArgs);
    variants.validateFast = hanok('1', validateArgs);
  }
  const samples = alternate(variants);
  const node = medianSample(samples.node).wall;
  console.log(describe('bare node -e 0', samples.node));
  const row = (label: string, name: string, target: number, factor?: number) => {
    if (!samples[name]) return;
    const wall = medianSample(samples[name]).wall;
    const ratio = wall / node;
    console.log(`${describe(label, samples[name])}; ${ratio.toFixed(1)}x node -e 0 (target <= ${seconds(target)}${factor ? ` and <= ${factor}x` : ''}: ${wall <= target && (!factor || ratio <= factor) ? 'met' : 'not met'})`);
  };
  row('4 example clusters, cold hanok synth, plain path (lib/)', 'synthPlain', 500, 4);
  row('4 example clusters, cold hanok synth, fast path (lib/fast)', 'synthFast', 500, 4);
  row('  the same through node bin/hanok.js (as the npm scripts run it)', 'synthFastJs', 500, 4);
  row('hanok validate of one cluster, cold, plain path', 'validatePlain', 350);
  row('hanok validate of one cluster, cold, fast path', 'validateFast', 350);
}

/**
 * One variant of the in-process rows, in a fresh Node process: `script` is timed inside that process from after its
 * modules and input are loaded, and prints `{ wall, cpu }` (CPU of every thread, the output worker's included).
 * Each variant has a process of its own so that no variant's heap (the bench holds 100 clusters' outputs) slows
 * another's garbage collection: measured in the bench's own process, synth of 100 clusters took ~40 % longer.
 */
function runTimedChild(script: string, args: readonly string[]): Sample {
  const result = spawnSync(process.execPath, ['-e', script, ...args], { encoding: 'utf8', cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`bench child failed (${result.status ?? result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Sample;
}

const TIMED = (work: string) =>
  `const cpu=process.cpuUsage(),start=performance.now();${work};const used=process.cpuUsage(cpu);console.log(JSON.stringify({wall:performance.now()-start,cpu:(used.user+used.system)/1000}));`;

/** 100 clusters in process, against the js-yaml floor, and with the checks against without. */
function inProcessRows(): void {
  const hundred = generateClusters(100);
  const outputs = synthesizeClusters(hundred);
  // The floor's input: the same objects, read before its clock starts.
  const objectsFile = path.join(tempDir('hanok-bench-objects-'), 'objects.json');
  fs.writeFileSync(objectsFile, JSON.stringify(outputs.map((output) => ({ cluster: output.cluster.name, manifests: output.manifests.map(({ name, objects }) => ({ name, objects })) }))));
  // js-yaml itself, with the options whose text hanok writes (src/kube/yaml-emitter.ts writes the same bytes).
  const floorScript = `const fs=require('fs'),path=require('path'),yaml=require(${JSON.stringify(require.resolve('js-yaml'))});
const clusters=JSON.parse(fs.readFileSync(process.argv[1],'utf8')),out=process.argv[2];
${TIMED(`for(const c of clusters){const d=path.join(out,c.cluster);fs.mkdirSync(d,{recursive:true});for(const m of c.manifests){fs.writeFileSync(path.join(d,m.name),m.objects.map((o)=>yaml.dump(o,{noRefs:true,lineWidth:-1,sortKeys:false})).join('---\\n'));}}`)}`;
  // What \`hanok synth\` runs: each cluster written to the staging folder as it is synthesized.
  const synthScript = `const {writeClusters}=require(${JSON.stringify(path.join(ROOT, 'lib', 'src', 'pipeline', 'synth.js'))});
${TIMED('writeClusters({clustersDir:process.argv[1],outDir:process.argv[2],checks:process.argv[3]===\'checks\'})')}`;
  // Every round writes into a new folder, and all of them are removed only after the last round. Removed after each
  // round, they charged the next variant for the previous one's clean-up: on this machine's file system (ext4 with
  // `discard`, in a VM) the first few thousand files created after removing a few thousand cost 0.4 to 0.7 ms each,
  // against 0.02 ms otherwise, so whichever variant followed the 3,000 files of a synth round paid up to 2 s more.
  const rounds: string[] = [];
  const kept = (prefix: string, run: (out: string) => Sample) => () => {
    const out = tempDir(prefix);
    rounds.push(out);
    return run(out);
  };
  const floor = kept('hanok-bench-floor-', (out) => runTimedChild(floorScript, [objectsFile, out]));
  const synth = (checks: boolean) => kept('hanok-bench-out-', (out) => runTimedChild(synthScript, [hundred, out, checks ? 'checks' : 'none']));
  const samples = alternate({ floor, withChecks: synth(true), withoutChecks: synth(false) });
  rounds.forEach((out) => fs.rmSync(out, { recursive: true, force: true }));
  const [floorMedian, withMedian, withoutMedian] = [samples.floor, samples.withChecks, samples.withoutChecks].map(medianSample);
  console.log(describe('100 clusters, floor (js-yaml dump + write of the same objects)', samples.floor));
  console.log(describe('100 clusters, in process, synth + write', samples.withChecks));
  const ratio = withMedian.wall / floorMedian.wall;
  console.log(`100 clusters against the floor: ${ratio.toFixed(2)}x wall, ${(withMedian.cpu / floorMedian.cpu).toFixed(2)}x CPU (target <= 2.00: ${ratio <= 2 ? 'met' : 'not met'})`);
  console.log(describe('100 clusters, in process, synth + write without checks', samples.withoutChecks));
  const perRound = samples.withChecks.map((sample, index) => (sample.wall - samples.withoutChecks[index].wall) / samples.withoutChecks[index].wall);
  const added = (withMedian.wall - withoutMedian.wall) / withoutMedian.wall;
  console.log(
    `checks add ${(added * 100).toFixed(0)} % wall, ${(((withMedian.cpu - withoutMedian.cpu) / withoutMedian.cpu) * 100).toFixed(0)} % CPU ` +
      `(rounds from ${(Math.min(...perRound) * 100).toFixed(0)} % to ${(Math.max(...perRound) * 100).toFixed(0)} %; target <= 25 %: ${added <= 0.25 ? 'met' : 'not met'})`,
  );
  // The whole-process floor: a Node process that only writes the files synth writes.
  const files = path.join(tempDir('hanok-bench-files-'), 'files.json');
  fs.writeFileSync(files, JSON.stringify(outputs.flatMap((output) => [...output.files].map(([file, content]) => [`${output.cluster.name}/${file}`, content]))));
  const writer = `const fs=require('fs'),path=require('path');const out=process.argv[2];const made=new Set();for(const [f,c] of JSON.parse(fs.readFileSync(process.argv[1],'utf8'))){const d=path.dirname(path.join(out,f));if(!made.has(d)){fs.mkdirSync(d,{recursive:true});made.add(d);}fs.writeFileSync(path.join(out,f),c);}`;
  const source = tempDir('hanok-bench-cp-');
  writeOutputs(outputs, source, true);
  const peers = alternate({
    writer: () => runProcess(process.execPath, ['-e', writer, files, tempDir('hanok-bench-writer-')]),
    cp: () => runProcess('cp', ['-r', source, path.join(tempDir('hanok-bench-cp-'), 'copy')]),
  }, 3);
  console.log(describe('100 clusters, whole-process floor (a Node process that only writes the same files)', peers.writer));
  console.log(describe('100 clusters, cp -r of the output', peers.cp));
}

/** Each size in a fresh process: wall, CPU and peak memory of synth + write in process, as `hanok synth` does them. */
function scalingRows(): void {
  // writeClusters is what `hanok synth` runs: each cluster is written to the staging folder as it is synthesized.
  const child = `const {writeClusters}=require(${JSON.stringify(path.join(ROOT, 'lib', 'src', 'pipeline', 'synth.js'))});
const cpu=process.cpuUsage(),start=performance.now();writeClusters({clustersDir:process.argv[1],outDir:process.argv[2]});
const used=process.cpuUsage(cpu);console.log(JSON.stringify({wall:performance.now()-start,cpu:(used.user+used.system)/1000,maxRss:process.resourceUsage().maxRSS}));`;
  for (const count of [1, 10, 100, 300]) {
    const clusters = generateClusters(count);
    const result = spawnSync(process.execPath, ['-e', child, clusters, tempDir('hanok-bench-out-')], { encoding: 'utf8', cwd: ROOT });
    if (result.status !== 0) throw new Error(`scaling run of ${count} clusters failed: ${result.stderr}`);
    const { wall, cpu, maxRss } = JSON.parse(result.stdout) as { wall: number; cpu: number; maxRss: number };
    const mib = maxRss / 1024;
    console.log(`${String(count).padStart(3)} clusters in one process: ${seconds(wall)} wall, ${seconds(cpu)} CPU, ${(cpu / count).toFixed(1)} ms CPU per cluster, peak memory ${mib.toFixed(0)} MiB${count === 300 ? ` (target <= 300 MiB: ${mib <= 300 ? 'met' : 'not met'})` : ''}`);
    fs.rmSync(clusters, { recursive: true, force: true });
  }
}

/** Where a cold synth of the examples spends its time: a CPU profile of one plain-path run, by phase. */
function phaseRows(): void {
  const directory = tempDir('hanok-bench-profile-');
  runProcess(process.execPath, ['--cpu-prof', '--cpu-prof-dir', directory, HANOK, 'synth', '--out', tempDir('hanok-bench-out-')], { env: { HANOK_FAST: '0' } });
  const [file] = fs.readdirSync(directory).filter((name) => name.endsWith('.cpuprofile')).sort();
  interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
  const profile = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.nodes.forEach((node) => node.children?.forEach((child) => parent.set(child, node.id)));
  const phases: Array<[string, (node: ProfileNode) => boolean]> = [
    ['module loading (require)', (node) => node.callFrame.functionName === 'require' && node.callFrame.url.includes('modules')],
    ['config load and validation', (node) => node.callFrame.functionName === 'loadClusters'],
    ['chart construction', (node) => node.callFrame.functionName === 'buildPlatform'],
    ['cdk8s toJson/resolve', (node) => node.callFrame.functionName === 'synthesizeCharts'],
    ['checks: schema', (node) => node.callFrame.functionName === 'checkSchemas'],
    ['checks: links', (node) => node.callFrame.functionName === 'checkLinks'],
    ['checks: policy', (node) => node.callFrame.functionName === 'checkPolicy'],
    ['render YAML', (node) => node.callFrame.functionName === 'toYamlDocuments' || node.callFrame.functionName === 'toYaml'],
    // The output worker draws and writes (output-worker.ts): the main thread builds the DOT text, hands each cluster
    // over (waiting when the worker is 8 clusters behind), and waits for the worker before the swap.
    ['topology DOT text (drawn by the output worker)', (node) => node.callFrame.functionName === 'topologyDots'],
    [
      'write: hand-over, waits for the worker, swap',
      (node) =>
        node.callFrame.functionName === 'writeOutputs' ||
        (node.callFrame.url.includes('output-folder') && ['write', 'writeInBackground', 'commit'].includes(node.callFrame.functionName)),
    ],
  ];
  const totals = new Map<string, number>(phases.map(([name]) => [name, 0]));
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const node = byId.get(current)!;
      for (const [name, matches] of phases) {
        if (!seen.has(name) && matches(node)) {
          seen.add(name);
          totals.set(name, totals.get(name)! + delta);
        }
      }
    }
  });
  console.log(`where a cold plain-path synth of the examples spends its ${(total / 1000).toFixed(0)} ms (one profiled run; phases may nest):`);
  for (const [name, micros] of totals) console.log(`  ${name.padEnd(42)} ${(micros / 1000).toFixed(0).padStart(5)} ms`);
  fs.rmSync(directory, { recursive: true, force: true });
}

/** Peers doing the same work: cdk8s' default way of running a TypeScript app, and kustomize over 100 overlays. */
function peerRows(): void {
  const examples = path.join(ROOT, 'clusters');
  const samples = alternate({
    hanok: () => runProcess(process.execPath, [HANOK, 'synth', '--clusters', examples, '--out', tempDir('hanok-bench-out-')], { env: { HANOK_FAST: '0' } }),
    tsNode: () => runProcess(process.execPath, [require.resolve('ts-node/dist/bin.js'), 'main.ts'], { env: { CDK8S_OUTDIR: tempDir('hanok-bench-cdk8s-') } }),
  }, 3);
  console.log(describe('peer: main.ts through ts-node (how a cdk8s app runs by default), 4 examples', samples.tsNode));
  console.log(`  ${(medianSample(samples.tsNode).wall / medianSample(samples.hanok).wall).toFixed(1)}x the plain-path hanok synth of the same rounds (${seconds(medianSample(samples.hanok).wall)})`);
  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0) {
    console.log('peer: kubectl kustomize: skipped (kubectl is not installed)');
    return;
  }
  const work = tempDir('hanok-bench-kustomize-');
  fs.cpSync(path.join(ROOT, 'dist', 'lab'), path.join(work, 'base'), { recursive: true });
  for (let i = 0; i < 100; i++) {
    const overlay = path.join(work, `site-${i}`);
    fs.mkdirSync(overlay);
    fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), `resources:\n  - ../base\nlabels:\n  - pairs:\n      site: site-${i}\n`);
  }
  const kustomize = runHere(() => {
    for (let i = 0; i < 100; i++) {
      const result = spawnSync('kubectl', ['kustomize', path.join(work, `site-${i}`)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (result.status !== 0) throw new Error(`kubectl kustomize failed: ${result.stderr}`);
      fs.writeFileSync(path.join(work, `site-${i}.yaml`), result.stdout);
    }
  });
  console.log(`peer: kubectl kustomize over 100 overlays of dist/lab, one process each: ${seconds(kustomize.wall)} wall (one run)`);
}

/**
 * `hanok bundle --images` of the lab cluster, every image stood in for by a tiny test image on a loopback registry
 * (pulled through --pull-from): the bundle's size and wall time, printed, not asserted.
 */
async function imageBundle(): Promise<void> {
  if (!hasSkopeo() || !registryBinary()) {
    console.log('air-gap bundle with images: skipped (needs skopeo and docker-registry: apt-get install skopeo docker-registry)');
    return;
  }
  const work = tempDir('hanok-bench-images-');
  const source = await startRegistry(path.join(work, 'source'), (port) => registryConfig(path.join(work, 'source', 'data'), port));
  try {
    const image = buildTinyImage(path.join(work, 'tiny'));
    const clusters = path.join(work, 'clusters');
    fs.mkdirSync(clusters);
    // The controller is pinned by digest upstream; pin it to the tiny image's so the stand-in resolves.
    const lab = fs.readFileSync(path.join(ROOT, 'clusters', 'lab.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(clusters, 'lab.yaml'),
      `${lab}  images:\n    overrides:\n      - name: docker.io/library/traefik\n        digest: ${image.indexDigest}\n`,
    );
    const [output] = synthesizeClusters(clusters, ['lab']);
    for (const entry of planBundleImages(output).images) {
      const { name, tag } = parseImageReference(entry.source);
      pushTinyImage(image, `${source.address}/${normalizeImageName(name)}:${tag}`);
    }
    const bundle = path.join(work, 'lab.tar.gz');
    const start = performance.now();
    execFileSync(process.execPath, [HANOK, 'bundle', '--clusters', clusters, '--cluster', 'lab', '--out', bundle, '--images', '--pull-from', source.address, '--pull-insecure'], { stdio: 'ignore' });
    const ms = performance.now() - start;
    console.log(`lab air-gap bundle with ${planBundleImages(output).images.length} images (tiny test image): ${(fs.statSync(bundle).size / 1024).toFixed(1)} KiB in ${seconds(ms)} (not asserted)`);
  } finally {
    await source.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  console.log(`hanok bench on ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} at the start, Node ${process.version}`);
  const fast = fastPathBuilt();
  if (!fast) console.log('fast path: not built (npm run build:fast); only the plain path is measured');
  coldRows(fast);
  inProcessRows();
  scalingRows();
  phaseRows();
  if (!process.env.BENCH_NO_PEERS) peerRows();
  console.log(`load average at the end: ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
}

main();
imageBundle().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
