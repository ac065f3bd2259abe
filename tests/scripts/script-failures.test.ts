import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../src/pipeline/synth';
import { EXAMPLE_CLUSTERS_DIR, fakeCgroupV2Root, REPO_ROOT } from '../helpers';

const SCRIPTS_DIR = path.join(REPO_ROOT, 'scripts/node');
const BASH = spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-script-failures-')), 'dist');
synth({ clustersDir: EXAMPLE_CLUSTERS_DIR, outDir: out, only: ['lab'] });

/** A copy of dist/lab/ without some of its node files. */
function labWithout(...files: string[]): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-lab-copy-'));
  fs.cpSync(path.join(out, 'lab'), copy, { recursive: true });
  files.forEach((file) => fs.rmSync(path.join(copy, 'nodes', file)));
  return copy;
}

const CGROUP_V2 = fakeCgroupV2Root();

function run(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(BASH, [path.join(SCRIPTS_DIR, script), ...args], { encoding: 'utf8', env: { HANOK_CGROUP_ROOT: CGROUP_V2, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('node scripts stop on a failure instead of going on', () => {
  test('a missing hosts file stops prepare-node.sh (it was read in a process substitution whose die was lost)', () => {
    const dist = labWithout('hosts');
    const result = run('prepare-node.sh', ['--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--dry-run']);
    expect(result.stderr).toContain(`${dist}/nodes/hosts not found`);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('== swap');
  });

  test('a missing kernel modules file is not hidden by the step that installs it', () => {
    const dist = labWithout('modules-load.d/k8s.conf');
    const result = run('prepare-node.sh', ['--cluster', 'lab', '--node', 'test-node1', '--dist', dist, '--dry-run']);
    expect(result.stderr).toContain('modules-load.d/k8s.conf not found');
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('== containerd');
  });

  test('every script enables inherit_errexit through lib.sh', () => {
    expect(fs.readFileSync(path.join(SCRIPTS_DIR, 'lib.sh'), 'utf8')).toContain('\nshopt -s inherit_errexit\n');
  });
});

describe('node scripts check the commands they need before changing anything', () => {
  /** A PATH with only the basic tools the scripts use to read dist/, none of the node's. */
  function basicPath(): string {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-bin-'));
    for (const tool of ['dirname', 'basename', 'sed', 'awk', 'id', 'cat', 'grep', 'head', 'sort', 'mktemp', 'rm']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    return bin;
  }

  test.each([
    ['prepare-node.sh', ['--node', 'test-node1'], 'not installed: modprobe sysctl swapon swapoff systemctl containerd install cmp; install them first (nothing was changed)'],
    ['prepare-nfs-server.sh', [], 'not installed: exportfs systemctl stat chown chmod install cmp'],
    ['prepare-haproxy.sh', [], 'not installed: haproxy systemctl install cmp'],
    ['init-control-plane.sh', ['--node', 'test-master'], 'not installed: kubeadm kubelet kubectl systemctl'],
  ])('%s names every missing command and stops', (script, args, message) => {
    const result = run(script, ['--cluster', 'lab', '--dist', path.join(out, 'lab'), ...args], { PATH: basicPath() });
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
  });

  test('under --dry-run the missing commands are a warning and the steps are shown', () => {
    const result = run('prepare-haproxy.sh', ['--cluster', 'lab', '--dist', path.join(out, 'lab'), '--dry-run'], { PATH: basicPath() });
    expect(result.stderr).toContain('warning: not installed here: haproxy systemctl install cmp (a real run stops until they are)');
  });
});
