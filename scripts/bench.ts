import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { planBundleImages } from '../src/pipeline/image-bundle';
import { parseImageReference, normalizeImageName } from '../src/kube/image-reference';
import { toYamlDocuments } from '../src/kube/yaml';
import { synthesizeClusters, writeOutputs } from '../src/pipeline/synth';
import { buildTinyImage, hasSkopeo, pushTinyImage, registryBinary, registryConfig, startRegistry } from './loopback-registry';

/**
 * Synth speed, measured (not asserted): `npm run bench`. Targets: the example clusters synthesize in at most 1.0 s
 * from a cold start with every check on; 100 clusters take at most twice the floor (serializing and writing the same
 * objects with the same YAML library); the checks add at most 30 % to synth.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const HANOK = path.join(ROOT, 'bin', 'hanok.js');
const RUNS = 5;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time of a fresh `hanok synth` process, as a user runs it. */
function coldSynth(clustersDir: string): number {
  const out = tempDir('hanok-bench-out-');
  const start = performance.now();
  execFileSync(process.execPath, [HANOK, 'synth', '--clusters', clustersDir, '--out', out], { stdio: 'ignore' });
  return performance.now() - start;
}

/** 100 variants of the lab example, each on its own host network. */
function generateClusters(count: number): string {
  const directory = tempDir('hanok-bench-clusters-');
  const lab = fs.readFileSync(path.join(ROOT, 'clusters', 'lab.yaml'), 'utf8');
  for (let i = 0; i < count; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    const text = lab.replace(/^( {2}name:) lab$/m, `$1 ${name}`).replace(/192\.168\.111\./g, `172.16.${i}.`);
    fs.writeFileSync(path.join(directory, `${name}.yaml`), text);
  }
  return directory;
}

function timeIt<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
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
  const examples = path.join(ROOT, 'clusters');
  const coldRuns = Array.from({ length: RUNS }, () => coldSynth(examples));
  console.log(`example clusters, cold hanok synth: median ${seconds(median(coldRuns))}, best ${seconds(Math.min(...coldRuns))} over ${RUNS} runs (target <= 1.000 s)`);

  const hundred = generateClusters(100);
  console.log(`100 clusters, cold hanok synth: ${seconds(coldSynth(hundred))}`);

  // In one process, after a warm-up run, so that all three numbers measure the same work on the same objects.
  synthesizeClusters(hundred);
  const withChecks = timeIt(() => {
    const outputs = synthesizeClusters(hundred);
    writeOutputs(outputs, tempDir('hanok-bench-out-'), true);
    return outputs;
  });
  const withoutChecks = timeIt(() => {
    const outputs = synthesizeClusters(hundred, undefined, { checks: false });
    writeOutputs(outputs, tempDir('hanok-bench-out-'), true);
  });
  const floorOut = tempDir('hanok-bench-floor-');
  const floor = timeIt(() => {
    for (const output of withChecks.result) {
      const directory = path.join(floorOut, output.cluster.name);
      fs.mkdirSync(directory, { recursive: true });
      for (const manifest of output.manifests) {
        fs.writeFileSync(path.join(directory, manifest.name), toYamlDocuments(manifest.objects));
      }
    }
  });
  console.log(`100 clusters, in process: synth ${seconds(withChecks.ms)}, floor (js-yaml + write of the same objects) ${seconds(floor.ms)}, ratio ${(withChecks.ms / floor.ms).toFixed(2)} (target <= 2.00)`);
  console.log(`checks: synth without checks ${seconds(withoutChecks.ms)}, with ${seconds(withChecks.ms)}, +${(((withChecks.ms - withoutChecks.ms) / withoutChecks.ms) * 100).toFixed(0)} % (target <= 30 %)`);
}

main();
imageBundle().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
