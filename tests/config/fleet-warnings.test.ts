import { checkFleetWarnings } from '../../src/config/fleet-warnings';
import { clusterWith, exampleClusters } from '../helpers';

describe('warnings across clusters on the same host network', () => {
  test('the examples have none', () => {
    expect(checkFleetWarnings(exampleClusters())).toEqual([]);
  });

  test('warns about a node IP, an NFS export and a registry host used by two clusters, and NodePorts on a shared node', () => {
    // GIVEN cluster2 copies cluster1's first node, NFS export and an enabled registry of the same name
    const one = clusterWith('cluster1', (document) => (document.spec.registry.enabled = true));
    const two = clusterWith('cluster2', (document) => {
      document.spec.nodes[1].ip = '10.0.3.40';
      document.spec.nfs.exportPath = '/nfs/cluster1';
      document.spec.registry.enabled = true;
    });
    // THEN each is a warning in cluster2's file
    const messages = checkFleetWarnings([one, two]).map((warning) => `${warning.cluster}: ${warning.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'cluster2: clusters/cluster2.yaml: spec.nodes[1].ip: 10.0.3.40 is also node cluster1-master of cluster cluster1 (clusters/cluster1.yaml) on the same host network',
        'cluster2: clusters/cluster2.yaml: spec.nfs.exportPath: cluster cluster1 uses the same NFS export 10.0.3.12:/nfs/cluster1; both would write the same directories (give each cluster its own export path)',
        'cluster2: clusters/cluster2.yaml: spec.registry.host: cluster cluster1 also runs a registry named registry.openmcp.local; the name can reach only one of them',
        expect.stringMatching(/^cluster2: clusters\/cluster2\.yaml: spec\.ingress\.httpNodePort: NodePort \d+ is also spec\.ingress\.httpNodePort of cluster cluster1, and both listen on 10\.0\.3\.40, a node of both$/),
      ]),
    );
  });

  test('clusters on different host networks may repeat anything', () => {
    const one = clusterWith('cluster1', (document) => (document.spec.registry.enabled = true));
    const lab = clusterWith('lab', (document) => (document.spec.registry.host = one.spec.registry.host));
    expect(checkFleetWarnings([one, lab])).toEqual([]);
    expect(checkFleetWarnings([one, clusterWith('cluster2', (document) => (document.spec.registry.enabled = true))])).toHaveLength(1);
  });
});

test('the warnings appear in the summary of the cluster, and --strict fails on them', async () => {
  const fs = await import('fs');
  const os = await import('os');
  const path = await import('path');
  const { main } = await import('../../src/cli/hanok');
  const { EXAMPLE_CLUSTERS_DIR } = await import('../helpers');
  const clusters = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-fleet-'));
  fs.cpSync(EXAMPLE_CLUSTERS_DIR, clusters, { recursive: true });
  const file = path.join(clusters, 'cluster2.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('exportPath: /nfs/cluster2', 'exportPath: /nfs/cluster1'));
  const out: string[] = [];
  expect(await main(['validate', '--clusters', clusters, '--only', 'cluster2'], (line) => out.push(line), () => undefined)).toBe(0);
  expect(out.join('\n')).toContain('  warning clusters/cluster2.yaml: spec.nfs.exportPath: cluster cluster1 uses the same NFS export'.replace('clusters/', `${clusters}/`));
  expect(await main(['validate', '--clusters', clusters, '--strict'], () => undefined, () => undefined)).toBe(1);
});
