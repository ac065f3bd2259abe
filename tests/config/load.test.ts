import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ConfigError, loadClusters, parseClusterFile } from '../../src/config';
import { EXAMPLE_CLUSTER_NAMES, EXAMPLE_CLUSTERS_DIR, exampleDocument, problemsOf } from '../helpers';

describe('example clusters', () => {
  test('all load, in file-name order', () => {
    expect(loadClusters(EXAMPLE_CLUSTERS_DIR).map((cluster) => cluster.name)).toEqual(EXAMPLE_CLUSTER_NAMES);
  });

  test('lab resolves the seed 002 address plan and contextual defaults', () => {
    const lab = loadClusters(EXAMPLE_CLUSTERS_DIR).find((cluster) => cluster.name === 'lab')!;
    expect(lab.spec.network.podCidr).toBe('10.244.0.0/16');
    expect(lab.spec.controlPlaneEndpoint).toBe('192.168.111.169:6443');
    expect(lab.spec.nodes.map((node) => node.ip)).toEqual(['192.168.111.169', '192.168.111.172', '192.168.111.173', '192.168.111.170']);
    expect(lab.spec.nfs).toEqual({ server: '192.168.111.177', exportPath: '/share_storage' });
    expect(lab.spec.registry.host).toBe('registry.localtest.com');
  });

  test('the resolved configuration is frozen', () => {
    const lab = loadClusters(EXAMPLE_CLUSTERS_DIR).find((cluster) => cluster.name === 'lab')!;
    expect(Object.isFrozen(lab.spec.nodes[0])).toBe(true);
  });
});

/** Each case mutates the lab example and names the field path (and text) the message must contain. */
const BAD_CONFIGS: Array<[string, (document: any) => void, string]> = [
  ['wrong apiVersion', (d) => (d.apiVersion = 'hanok.dev/v2'), 'lab.yaml:1: apiVersion: not an allowed value (got "hanok.dev/v2"'],
  ['wrong kind', (d) => (d.kind = 'Clusters'), 'kind: not an allowed value'],
  ['unknown top-level field', (d) => (d.specs = {}), 'specs: unknown field (expected one of apiVersion, kind, metadata, spec)'],
  ['unknown field in spec', (d) => (d.spec.node = []), 'spec.node: unknown field'],
  ['typo in a nested section', (d) => (d.spec.registry.hots = 'x'), 'spec.registry.hots: unknown field (expected one of'],
  ['unknown field in a node', (d) => (d.spec.nodes[1].address = '1.2.3.4'), 'spec.nodes[1].address: unknown field'],
  ['missing metadata.name', (d) => delete d.metadata.name, 'metadata.name: required field is missing'],
  ['name that is not a DNS label', (d) => (d.metadata.name = 'Lab_1'), 'metadata.name: not a valid DNS label (got "Lab_1"'],
  ['name that differs from the file', (d) => (d.metadata.name = 'lab2'), 'metadata.name: cluster name does not match the file name (got "lab2", expected "lab")'],
  ['missing host network', (d) => delete d.spec.network.hostCidr, 'spec.network.hostCidr: required field is missing'],
  ['malformed IPv4 address', (d) => (d.spec.nodes[2].ip = '192.168.111.300'), 'spec.nodes[2].ip: not a valid IPv4 address (got "192.168.111.300"'],
  ['CIDR with host bits set', (d) => (d.spec.network.podCidr = '10.244.1.0/8'), 'spec.network.podCidr: not a valid IPv4 CIDR block'],
  ['CIDR without a prefix', (d) => (d.spec.network.serviceCidr = '10.96.0.0'), 'spec.network.serviceCidr: not a valid IPv4 CIDR block'],
  ['pod CIDR overlapping the host network', (d) => (d.spec.network.podCidr = '192.168.0.0/16'), 'spec.network.podCidr: overlaps hostCidr 192.168.111.0/24'],
  ['service CIDR overlapping the pod CIDR', (d) => (d.spec.network.serviceCidr = '10.244.128.0/17'), 'spec.network.serviceCidr: overlaps podCidr 10.244.0.0/16'],
  ['node outside the host network', (d) => (d.spec.nodes[1].ip = '192.168.112.5'), 'spec.nodes[1].ip: node IP is outside the host network (got "192.168.112.5", expected an address in spec.network.hostCidr 192.168.111.0/24)'],
  ['duplicate node name', (d) => (d.spec.nodes[3].name = 'test-node1'), 'spec.nodes[3].name: duplicate node name, already used by spec.nodes[1]'],
  ['duplicate node IP', (d) => (d.spec.nodes[2].ip = '192.168.111.172'), 'spec.nodes[2].ip: duplicate node IP, already used by spec.nodes[1]'],
  ['no nodes', (d) => (d.spec.nodes = []), 'spec.nodes: no nodes (got [], expected at least one node)'],
  ['no control-plane node', (d) => (d.spec.nodes[0].roles = ['worker']), 'spec.nodes: no control-plane node'],
  ['unknown node role', (d) => (d.spec.nodes[0].roles = ['master']), 'spec.nodes[0].roles[0]: not an allowed value (got "master", expected "control-plane" or "worker")'],
  ['invalid node label key', (d) => (d.spec.nodes[1].labels = { 'bad key': 'x' }), 'spec.nodes[1].labels["bad key"]: not a valid label key (got "bad key", expected [prefix/]name'],
  ['invalid node label value', (d) => (d.spec.nodes[1].labels = { zone: 'not valid!' }), 'spec.nodes[1].labels.zone: not a valid label value'],
  ['NodePort below the range', (d) => (d.spec.ingress.httpNodePort = 8080), 'spec.ingress.httpNodePort: outside the NodePort range (got 8080, expected an integer from 30000 to 32767)'],
  ['NodePort above the range', (d) => (d.spec.ingress.httpsNodePort = 40000), 'spec.ingress.httpsNodePort: outside the NodePort range'],
  ['NodePort used twice', (d) => (d.spec.ingress.httpsNodePort = d.spec.ingress.httpNodePort), 'spec.ingress.httpsNodePort: NodePort already used by spec.ingress.httpNodePort'],
  ['NodePort of the wrong type', (d) => (d.spec.ingress.httpNodePort = '32334'), 'spec.ingress.httpNodePort: wrong type (got "32334", expected a number)'],
  ['relative NFS export path', (d) => (d.spec.nfs.exportPath = 'share_storage'), 'spec.nfs.exportPath: not an absolute path'],
  ['NFS server that is no host', (d) => (d.spec.nfs.server = 'nfs server'), 'spec.nfs.server: not a host name or IPv4 address'],
  ['registry host that is no DNS name', (d) => (d.spec.registry.host = 'Registry_Host'), 'spec.registry.host: not a valid DNS name'],
  ['registry image with latest', (d) => (d.spec.registry.image = 'registry:latest'), 'spec.registry.image: the latest tag is not pinned'],
  ['untagged provisioner image', (d) => (d.spec.storage = { provisionerImage: 'example.org:5000/nfs-provisioner' }), 'spec.storage.provisionerImage: image is not pinned'],
  ['storage size that is no quantity', (d) => (d.spec.registry.storageSize = 'ten gigabytes'), 'spec.registry.storageSize: not a Kubernetes quantity'],
  ['unsupported Kubernetes version', (d) => (d.spec.kubernetesVersion = '1.24.3'), 'spec.kubernetesVersion: unsupported Kubernetes version (got "1.24.3", expected 1.27.0 or later'],
  ['control-plane endpoint without a port', (d) => (d.spec.controlPlaneEndpoint = '192.168.111.169'), 'spec.controlPlaneEndpoint: not a host:port pair'],
  ['boolean given as a string', (d) => (d.spec.registry.insecure = 'yes'), 'spec.registry.insecure: wrong type (got "yes", expected a boolean)'],
  ['unknown reclaim policy', (d) => (d.spec.storage = { storageClass: { reclaimPolicy: 'Recycle' } }), 'spec.storage.storageClass.reclaimPolicy: not an allowed value (got "Recycle"'],
];

describe('invalid cluster files', () => {
  test.each(BAD_CONFIGS)('fails on %s', (_name, mutate, expected) => {
    // GIVEN
    const document = exampleDocument('lab');
    // WHEN
    mutate(document);
    // THEN
    expect(problemsOf(document).join('\n')).toContain(expected);
  });

  test('the cases above are at least 25 distinct failures', () => {
    expect(new Set(BAD_CONFIGS.map(([, , expected]) => expected)).size).toBeGreaterThanOrEqual(25);
  });

  test('reports every problem of a file at once', () => {
    const document = exampleDocument('lab');
    document.spec.registry.hots = 'x';
    document.spec.nodes[1].ip = 'nope';
    document.spec.ingress.httpNodePort = 1;
    expect(problemsOf(document)).toHaveLength(3);
  });

  test('reports YAML syntax errors with file and line', () => {
    const result = parseClusterFile('clusters/lab.yaml', 'apiVersion: hanok.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: [lab\nspec: {}\n');
    expect(result.cluster).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ file: 'clusters/lab.yaml', line: expect.any(Number) });
    expect(result.problems[0].message).toMatch(/^YAML syntax error: /);
  });

  test('reports a document that is not a mapping', () => {
    expect(parseClusterFile('clusters/lab.yaml', '- just\n- a list\n').problems[0].message).toBe('wrong type');
  });
});

describe('loading a folder', () => {
  function folderWith(files: Record<string, unknown>): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-clusters-'));
    for (const [name, document] of Object.entries(files)) {
      fs.writeFileSync(path.join(directory, name), typeof document === 'string' ? document : yaml.dump(document));
    }
    return directory;
  }

  test('fails with every problem of every file in one error', () => {
    const good = exampleDocument('lab');
    const bad = exampleDocument('lab');
    bad.metadata.name = 'other';
    bad.spec.nodes[0].ip = 'x';
    const directory = folderWith({ 'lab.yaml': good, 'other.yaml': bad, 'broken.yaml': 'a: [' });
    let error: unknown;
    try {
      loadClusters(directory);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('broken.yaml:');
    expect(message).toContain('other.yaml:17: spec.nodes[0].ip: not a valid IPv4 address');
  });

  test('fails when two files declare the same cluster', () => {
    const directory = folderWith({ 'lab.yaml': exampleDocument('lab'), 'lab.yml': exampleDocument('lab') });
    expect(() => loadClusters(directory)).toThrow('metadata.name: cluster name already used by');
  });

  test('fails on a missing or empty folder', () => {
    expect(() => loadClusters('/nonexistent/clusters')).toThrow('cluster folder not found');
    expect(() => loadClusters(folderWith({}))).toThrow('no cluster files');
  });
});
