import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../src/pipeline/synth';
import { EXAMPLE_CLUSTERS_DIR, REPO_ROOT } from '../helpers';

// apply.sh --prune against a stand-in kubectl: it answers `get` with a fixed list of live objects and records every
// call, so the test sees exactly what the script would list and delete on a cluster.
const APPLY = path.join(REPO_ROOT, 'scripts/node/apply.sh');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-prune-'));
synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: path.join(work, 'dist'), only: ['lab'] });
const lab = path.join(work, 'dist', 'lab');

/** KIND APIVERSION NAMESPACE NAME MANAGERS OWNERS, as kubectl's custom columns print them. */
const LIVE = [
  // Still generated: kept.
  'Deployment apps/v1 metallb-system controller hanok <none>',
  // Applied by hanok earlier, gone from dist/ (a renamed pool): deleted.
  'IPAddressPool metallb.io/v1beta1 metallb-system old-pool hanok <none>',
  'ConfigMap v1 monitoring old-dashboards hanok,kube-controller-manager <none>',
  'ClusterRole rbac.authorization.k8s.io/v1 <none> old-role hanok <none>',
  // Carries the label but was never applied by hanok (someone copied the labels): untouched.
  'ConfigMap v1 default somebody-elses kubectl-client-side-apply <none>',
  // Created by a controller from a hanok object (labels copied from the pod template): untouched.
  'ReplicaSet apps/v1 metallb-system controller-7d9f hanok ReplicaSet',
  'EndpointSlice discovery.k8s.io/v1 monitoring grafana-x2 endpointslice-controller Service',
  // Holds data or other objects: listed, kept.
  'Namespace v1 <none> old-namespace hanok <none>',
  'PersistentVolumeClaim v1 monitoring old-data hanok <none>',
];

function fakeKubectl(): { bin: string; log: string } {
  const bin = fs.mkdtempSync(path.join(work, 'bin-'));
  const log = path.join(bin, 'calls.log');
  fs.writeFileSync(path.join(bin, 'live.txt'), `${LIVE.join('\n')}\n`);
  fs.writeFileSync(
    path.join(bin, 'kubectl'),
    `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "${log}"
case "$*" in
  *api-resources*) printf '%s\\n' deployments.apps configmaps namespaces ;;
  *custom-columns*) cat "${bin}/live.txt" ;;
  *"create secret"*) printf 'apiVersion: v1\\nkind: Secret\\n' ;;
  *apply*) cat > /dev/null ;;
  delete*) printf '%s deleted\n' "$2" ;;
esac
exit 0
`,
    { mode: 0o755 },
  );
  return { bin, log };
}

function secretsFile(): string {
  const keys = fs.readFileSync(path.join(lab, 'secrets.example'), 'utf8').split('\n').filter((line) => /^[a-z0-9-]+\/[^/]+\/.+=$/.test(line));
  const file = path.join(fs.mkdtempSync(path.join(work, 'secrets-')), 'lab.secrets.env');
  fs.writeFileSync(file, keys.map((line) => `${line}x`).join('\n'));
  return file;
}

function apply(...args: string[]) {
  const kubectl = fakeKubectl();
  const result = spawnSync('bash', [APPLY, '--cluster', 'lab', '--dist', lab, '--secrets', secretsFile(), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${kubectl.bin}:${process.env.PATH}` },
  });
  const calls = fs.existsSync(kubectl.log) ? fs.readFileSync(kubectl.log, 'utf8').trim().split('\n') : [];
  return { ...result, calls };
}

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('apply.sh --prune', () => {
  test('lists what hanok applied and no longer generates, then deletes only that', () => {
    const result = apply('--prune');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const deletes = result.calls.filter((call) => call.startsWith('delete'));
    expect(deletes).toEqual([
      'delete ClusterRole.v1.rbac.authorization.k8s.io/old-role --wait=false',
      'delete ConfigMap/old-dashboards --wait=false -n monitoring',
      'delete IPAddressPool.v1beta1.metallb.io/old-pool --wait=false -n metallb-system',
    ]);
    // Shown before anything is deleted.
    const listed = result.stdout.indexOf('hanok applied these objects earlier and no longer generates them:');
    expect(listed).toBeGreaterThan(result.stdout.indexOf('== 06-openfx.yaml'));
    expect(result.stdout.indexOf('IPAddressPool metallb-system/old-pool')).toBeGreaterThan(listed);
    expect(result.stdout.indexOf('ClusterRole.v1.rbac.authorization.k8s.io/old-role deleted')).toBeGreaterThan(result.stdout.indexOf('PersistentVolumeClaim monitoring/old-data'));
    expect(result.stdout).toContain('kept    2 objects hanok no longer generates, left for you to delete by hand: Namespace old-namespace PersistentVolumeClaim monitoring/old-data');
    expect(result.stdout).not.toMatch(/somebody-elses|controller-7d9f|grafana-x2/);
    expect(result.calls).toContainEqual(expect.stringMatching(/^get deployments\.apps,configmaps,namespaces --all-namespaces -l app\.kubernetes\.io\/managed-by=hanok --show-managed-fields --no-headers -o custom-columns=/));
  });

  test('--server-dry-run lets the API server check the deletions without doing them', () => {
    const result = apply('--prune', '--server-dry-run');
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith('delete')).every((call) => call.endsWith('--dry-run=server'))).toBe(true);
    expect(result.stdout).toContain('ok      prune: 3 objects deleted (server dry run)');
  });

  test('--dry-run contacts no cluster and prints the listing it would run', () => {
    const result = apply('--prune', '--dry-run');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toContain('== prune: objects hanok applied earlier');
    expect(result.stdout).toContain('--show-managed-fields');
  });

  test('without --prune nothing is listed or deleted', () => {
    const result = apply();
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith('delete') || call.includes('custom-columns'))).toEqual([]);
  });
});
