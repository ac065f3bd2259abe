import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { loadClusters, parseClusterFile } from '../../src/config/load';
import { ConfigError, formatProblem } from '../../src/config/problems';
import { synth } from '../../src/pipeline/synth';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/versions/compatibility-matrix';
import { EXAMPLE_CLUSTERS_DIR, exampleDocument, readTree } from '../helpers';

/** A repository folder with `files` (path → YAML text or document) written below it. */
function repository(files: Record<string, unknown>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-bases-'));
  // The example clusters name the site CA beside them.
  fs.cpSync(path.join(EXAMPLE_CLUSTERS_DIR, 'certs'), path.join(root, 'clusters', 'certs'), { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), typeof content === 'string' ? content : yaml.dump(content));
  }
  return root;
}


const base = (name: string, spec: unknown) => ({ apiVersion: 'hanok.dev/v1alpha1', kind: 'ClusterBase', metadata: { name }, spec });

/** Problems of loading a repository's clusters/ folder, formatted, relative to the repository. */
function problemsIn(root: string): string[] {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    loadClusters('clusters');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  } finally {
    process.chdir(cwd);
  }
}

describe('spec.bases', () => {
  test('a fleet sharing one base synthesizes to the same dist/ as the equivalent flat files', () => {
    // GIVEN the OpenMCP example fleet, flat, and the same fleet with what its members share moved into a base
    const flat = Object.fromEntries(['openmcp', 'cluster1', 'cluster2'].map((name) => [`clusters/${name}.yaml`, exampleDocument(name)]));
    const member = (name: string) => {
      const document = exampleDocument(name);
      const { network, nfs, registry, ...rest } = document.spec;
      expect(nfs.server).toBe('10.0.3.12');
      return {
        ...document,
        spec: { bases: ['../bases/openmcp-members.yaml'], network: { podCidr: network.podCidr }, nfs: { exportPath: nfs.exportPath }, ...rest },
      };
    };
    const shared = exampleDocument('cluster1').spec;
    const layered = {
      'clusters/openmcp.yaml': exampleDocument('openmcp'),
      'clusters/cluster1.yaml': member('cluster1'),
      'clusters/cluster2.yaml': member('cluster2'),
      'bases/openmcp-members.yaml': base('openmcp-members', { network: { hostCidr: shared.network.hostCidr }, nfs: { server: shared.nfs.server }, registry: shared.registry }),
    };
    const flatRoot = repository(flat);
    const layeredRoot = repository(layered);
    // WHEN
    const cwd = process.cwd();
    try {
      process.chdir(flatRoot);
      synth({ clustersDir: 'clusters', outDir: 'dist' });
      process.chdir(layeredRoot);
      synth({ clustersDir: 'clusters', outDir: 'dist' });
    } finally {
      process.chdir(cwd);
    }
    // THEN
    expect(readTree(path.join(layeredRoot, 'dist'))).toEqual(readTree(path.join(flatRoot, 'dist')));
  });

  test('maps merge, the cluster file wins, null removes, keyed lists merge by name and patches append', () => {
    // GIVEN
    const lab = exampleDocument('lab');
    const root = repository({
      'bases/defaults.yaml': base('defaults', {
        bases: ['platform.yaml'],
        network: { hostCidr: lab.spec.network.hostCidr, podCidr: '10.250.0.0/16' },
        nodes: lab.spec.nodes,
        registry: lab.spec.registry,
        openfx: { enabled: true },
        patches: [{ target: { kind: 'Service', name: 'svc-docker-registry' }, strategicMerge: { metadata: { annotations: { a: 'base' } } } }],
      }),
      'bases/platform.yaml': base('platform', { kubernetesVersion: lab.spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION, nfs: lab.spec.nfs }),
      'clusters/lab.yaml': {
        ...lab,
        spec: {
          bases: ['../bases/defaults.yaml'],
          network: { podCidr: lab.spec.network.podCidr },
          nodes: [{ name: 'test-node3', $patch: 'delete' }, { name: 'test-node1', ip: '192.168.111.180' }],
          openfx: null,
          patches: [{ target: { kind: 'Service', name: 'svc-docker-registry' }, strategicMerge: { metadata: { annotations: { b: 'cluster' } } } }],
        },
      },
    });
    // WHEN
    const [cluster] = (() => {
      const cwd = process.cwd();
      process.chdir(root);
      try {
        return loadClusters('clusters');
      } finally {
        process.chdir(cwd);
      }
    })();
    // THEN
    expect(cluster.spec.network.podCidr).toBe(lab.spec.network.podCidr);
    expect(cluster.spec.network.hostCidr).toBe(lab.spec.network.hostCidr);
    expect(cluster.spec.nfs).toEqual(lab.spec.nfs);
    expect(cluster.spec.nodes.map((node) => `${node.name}=${node.ip}`)).toEqual(['test-master=192.168.111.169', 'test-node1=192.168.111.180', 'test-node2=192.168.111.173']);
    expect(cluster.spec.openfx.enabled).toBe(false);
    expect(cluster.spec.patches.map((patch) => Object.keys(patch.strategicMerge!.metadata as object))).toEqual([['annotations'], ['annotations']]);
    expect(cluster.spec.patches.map((patch) => (patch.strategicMerge!.metadata as any).annotations)).toEqual([{ a: 'base' }, { b: 'cluster' }]);
    expect(cluster.baseFiles).toEqual([path.join('clusters', '../bases/platform.yaml'), path.join('clusters', '../bases/defaults.yaml')]);
  });

  test('every problem names the file and line where the offending value was written', () => {
    // GIVEN a bad address in the base, a typo in the cluster file
    const lab = exampleDocument('lab');
    const root = repository({
      'bases/site.yaml': [
        'apiVersion: hanok.dev/v1alpha1',
        'kind: ClusterBase',
        'metadata:',
        '  name: site',
        'spec:',
        '  nfs:',
        '    server: nfs_server!',
        '    exportPath: /share_storage',
        '',
      ].join('\n'),
      'clusters/lab.yaml': yaml.dump({ ...lab, spec: { ...lab.spec, bases: ['../bases/site.yaml'], nfs: undefined, registry: { ...lab.spec.registry, hots: 'x' } } }),
    });
    // WHEN
    const problems = problemsIn(root);
    // THEN
    const clusterText = fs.readFileSync(path.join(root, 'clusters/lab.yaml'), 'utf8').split('\n');
    const typoLine = clusterText.findIndex((line) => line.includes('hots:')) + 1;
    expect(problems).toEqual([
      expect.stringMatching(/^bases\/site\.yaml:7: spec\.nfs\.server: not a host name or IPv4 address \(got "nfs_server!"/),
      expect.stringMatching(new RegExp(`^clusters/lab\\.yaml:${typoLine}: spec\\.registry\\.hots: unknown field`)),
    ].map((matcher) => matcher));
  });

  test('fails on bases that form a cycle, naming the chain', () => {
    const root = repository({
      'bases/a.yaml': base('a', { bases: ['b.yaml'] }),
      'bases/b.yaml': base('b', { bases: ['a.yaml'] }),
      'clusters/lab.yaml': { ...exampleDocument('lab'), spec: { ...exampleDocument('lab').spec, bases: ['../bases/a.yaml'] } },
    });
    const problems = problemsIn(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bases\/b\.yaml:\d+: spec\.bases\[0\]: bases form a cycle: .*clusters\/lab\.yaml -> .*bases\/a\.yaml -> .*bases\/b\.yaml -> .*bases\/a\.yaml/);
  });

  test('fails on a missing base, a cluster file used as a base, and a base with unknown fields', () => {
    const root = repository({
      'bases/odd.yaml': { ...base('odd', {}), extra: 1 },
      'clusters/lab.yaml': {
        ...exampleDocument('lab'),
        spec: { ...exampleDocument('lab').spec, bases: ['../bases/missing.yaml', 'cluster1.yaml', '../bases/odd.yaml'] },
      },
      'clusters/cluster1.yaml': exampleDocument('cluster1'),
      'clusters/cluster2.yaml': exampleDocument('cluster2'),
      'clusters/openmcp.yaml': exampleDocument('openmcp'),
    });
    const problems = problemsIn(root);
    expect(problems).toEqual([
      expect.stringMatching(/^clusters\/lab\.yaml:\d+: spec\.bases\[0\]: base file bases\/missing\.yaml not found \(got "\.\.\/bases\/missing\.yaml", expected a path relative to this file\)/),
      expect.stringMatching(/^clusters\/cluster1\.yaml:\d+: kind: not an allowed value \(got "Cluster", expected "ClusterBase" \(a cluster file cannot be a base\)\)/),
      expect.stringMatching(/^bases\/odd\.yaml:6: extra: unknown field/),
    ]);
  });

  test('a cluster file without bases is read as before', () => {
    const text = fs.readFileSync(path.join(EXAMPLE_CLUSTERS_DIR, 'lab.yaml'), 'utf8');
    const result = parseClusterFile('clusters/lab.yaml', text, () => {
      throw new Error('no base may be read');
    });
    expect(result.problems).toEqual([]);
    expect(result.cluster!.baseFiles).toEqual([]);
  });
});
