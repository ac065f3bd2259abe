import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { synth } from '../../src/pipeline/synth';
import { EXAMPLE_CLUSTERS_DIR, REPO_ROOT } from '../helpers';

// apply.sh reads dist/<cluster>/apply-plan.tsv instead of the YAML, and applies nothing when the plan is missing or
// does not belong to the manifests beside it.
const APPLY = path.join(REPO_ROOT, 'scripts/node/apply.sh');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-apply-plan-'));
synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: path.join(work, 'dist'), only: ['lab'] });
const lab = path.join(work, 'dist', 'lab');
const secrets = path.join(work, 'lab.secrets.env');
fs.writeFileSync(
  secrets,
  fs
    .readFileSync(path.join(lab, 'secrets.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[a-z0-9-]+\/[^/]+\/.+=$/.test(line))
    .map((line) => `${line}x`)
    .join('\n'),
);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of lab's output, changed by `mutate`. */
function copyOfLab(mutate: (dist: string) => void): string {
  const dist = fs.mkdtempSync(path.join(work, 'lab-'));
  fs.cpSync(lab, dist, { recursive: true });
  mutate(dist);
  return dist;
}

function applyDryRun(dist: string, cluster = 'lab') {
  return spawnSync('bash', [APPLY, '--cluster', cluster, '--dist', dist, '--secrets', secrets, '--dry-run'], { encoding: 'utf8' });
}

function editPlan(dist: string, edit: (plan: string) => string): void {
  const file = path.join(dist, 'apply-plan.tsv');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

describe('apply.sh and apply-plan.tsv', () => {
  test('reads the plan: CRDs, namespaces and the rollouts of each file come from it', () => {
    // A plan that names a made-up workload: apply.sh waits for it, which shows the plan, not the YAML, decides.
    const dist = copyOfLab((copy) =>
      editPlan(copy, (plan) => plan.replace(/^(object\t02-storage\.yaml\t\d+\t\d+\t)Deployment\tapps\/v1\tcsi-driver-nfs\tcsi-nfs-controller\trollout$/m, '$1Deployment\tapps/v1\tcsi-driver-nfs\tfrom-the-plan\trollout')),
    );
    const result = applyDryRun(dist);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^apply plan: 6 manifests, \d+ objects$/m);
    expect(result.stdout).toContain('rollout status -n csi-driver-nfs deployment/from-the-plan');
    expect(result.stdout).not.toContain('deployment/csi-nfs-controller');
  });

  test('applies the CRDs, then the Namespaces, each as a stream of exactly those objects', () => {
    // A stand-in kubectl that keeps the streams apply.sh hands it. (The awk this replaced ran each file's last
    // object into the next file's first Namespace, so the namespace step also applied an L2Advertisement, a
    // StorageClass, a Gateway and a Service before their controllers ran.)
    const bin = fs.mkdtempSync(path.join(work, 'bin-'));
    fs.writeFileSync(
      path.join(bin, 'kubectl'),
      `#!/usr/bin/env bash\nfor a in "$@"; do case "$a" in */crds.yaml|*/namespaces.yaml) cp "$a" "${bin}/";; esac; done\nexit 0\n`,
      { mode: 0o755 },
    );
    const result = spawnSync('bash', [APPLY, '--cluster', 'lab', '--dist', lab, '--secrets', secrets], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(result.status).toBe(0);
    const plan = fs.readFileSync(path.join(lab, 'apply-plan.tsv'), 'utf8');
    for (const [stream, kind] of [['crds.yaml', 'CustomResourceDefinition'], ['namespaces.yaml', 'Namespace']]) {
      const objects = yaml.loadAll(fs.readFileSync(path.join(bin, stream), 'utf8')).filter((object) => object !== null) as any[];
      expect(objects.map((object) => object.kind)).toEqual(objects.map(() => kind));
      expect(objects.map((object) => object.metadata.name)).toEqual(
        plan.split('\n').filter((line) => line.startsWith('object\t') && line.split('\t')[4] === kind).map((line) => line.split('\t')[7]),
      );
    }
  });

  test('refuses a missing plan and says how to get one', () => {
    const result = applyDryRun(copyOfLab((copy) => fs.rmSync(path.join(copy, 'apply-plan.tsv'))));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/apply-plan\.tsv not found: synthesize the cluster again \('npm run synth'.*nothing was applied/);
    expect(result.stdout).not.toContain('==');
  });

  test.each([
    ['a manifest changed after synth', (dist: string) => fs.appendFileSync(path.join(dist, '02-storage.yaml'), '# edited\n'), '02-storage.yaml was changed after synth (its SHA-256 differs)'],
    ['a manifest the plan does not list', (dist: string) => fs.writeFileSync(path.join(dist, '07-extra.yaml'), 'kind: ConfigMap\n'), '07-extra.yaml is not in the plan'],
    ['a manifest the plan lists is gone', (dist: string) => fs.rmSync(path.join(dist, '06-openfx.yaml')), '06-openfx.yaml is missing'],
    ['the plan of another cluster', (dist: string) => editPlan(dist, (plan) => plan.replace('plan\t1\tlab', 'plan\t1\tcluster1')), "it is the plan of cluster 'cluster1', not 'lab'"],
    ['an object dropped from the plan', (dist: string) => editPlan(dist, (plan) => plan.replace(/^object\t04-registry\.yaml.*\n/m, '')), '04-registry.yaml: 6 objects announced, 5 listed'],
    ['an unknown record', (dist: string) => editPlan(dist, (plan) => `${plan}step\tx\n`), "unknown record 'step'"],
  ])('refuses %s, naming it, before anything is applied', (_what, mutate, message) => {
    const result = applyDryRun(copyOfLab(mutate));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('does not match');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Synthesize the cluster again ('npm run synth') or unpack its bundle afresh; nothing was applied");
    expect(result.stdout).not.toContain('==');
  });

  test('refuses a plan of another format', () => {
    const result = applyDryRun(copyOfLab((dist) => editPlan(dist, (plan) => plan.replace('plan\t1\tlab', 'plan\t2\tlab'))));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('has format 2, this apply.sh reads format 1');
  });
});
