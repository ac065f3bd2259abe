import { parseClusterFile } from '../../src/config/load';
import { formatProblem } from '../../src/config/problems';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleDocument, problemsOf } from '../helpers';

describe('problems point at their cause', () => {
  test('a field typo no longer hides a duplicate node IP: structural and semantic problems come together', () => {
    // GIVEN a typo in one section and a duplicate node IP elsewhere
    const document = exampleDocument('lab');
    document.spec.registry.hots = 'x';
    document.spec.nodes[2].ip = document.spec.nodes[1].ip;
    // THEN both are reported in one run
    const problems = problemsOf(document).join('\n');
    expect(problems).toContain('spec.registry.hots: unknown field');
    expect(problems).toContain('spec.nodes[2].ip: duplicate node IP, already used by spec.nodes[1]');
  });

  test('a value of the wrong type is reported with the rule problems of the rest', () => {
    const document = exampleDocument('lab');
    document.spec.ingress.httpNodePort = 'many';
    document.spec.nodes[1].ip = '192.168.112.5';
    const problems = problemsOf(document).join('\n');
    expect(problems).toContain('spec.ingress.httpNodePort: wrong type');
    expect(problems).toContain('spec.nodes[1].ip: node IP is outside the host network');
  });

  test('semantic problems carry the line of the field, like syntax errors', () => {
    const text = [
      'apiVersion: hanok.dev/v1alpha1',
      'kind: Cluster',
      'metadata:',
      '  name: lab',
      'spec:',
      '  network:',
      '    hostCidr: 192.168.111.0/24',
      '  nodes:',
      '    - { name: a, ip: 192.168.111.10, roles: [control-plane] }',
      '    - { name: b, ip: 192.168.111.10 }',
      '  nfs: { server: 192.168.111.177, exportPath: /share }',
      '  registry: { host: registry.example.org }',
      '',
    ].join('\n');
    expect(parseClusterFile('clusters/lab.yaml', text).problems.map(formatProblem)).toEqual([
      'clusters/lab.yaml:10: spec.nodes[1].ip: duplicate node IP, already used by spec.nodes[0] (got "192.168.111.10", expected an address unique in the cluster)',
    ]);
  });

  test('a pod CIDR clashing with the default service CIDR is blamed on the pod CIDR the user wrote', () => {
    const document = exampleDocument('lab');
    document.spec.network.podCidr = '10.96.0.0/16';
    delete document.spec.network.serviceCidr;
    expect(problemsOf(document)).toEqual([
      expect.stringContaining(
        'spec.network.podCidr: overlaps serviceCidr 10.96.0.0/12, which is the default of spec.network.serviceCidr; packets would be routed to the wrong network (got "10.96.0.0/16", expected a block disjoint from 10.96.0.0/12, or set spec.network.serviceCidr to a block clear of 10.96.0.0/16)',
      ),
    ]);
  });

  test('the ingress turned off while the registry is on names the fields, not a missing IngressClass', () => {
    const cluster = clusterWith('lab', (document) => (document.spec.ingress = { ...document.spec.ingress, enabled: false }));
    expect(() => synthesizeCluster(cluster)).toThrow(
      'lab: clusters/lab.yaml: spec.ingress.enabled: the ingress is off, but the registry (spec.registry.enabled) needs it: its Ingress uses IngressClass nginx (got false, expected true, or turn off spec.registry.enabled)',
    );
  });

  test('a registry namespace that another layer uses names spec.registry.namespace', () => {
    const cluster = clusterWith('lab', (document) => (document.spec.registry.namespace = 'monitoring'));
    expect(() => synthesizeCluster(cluster)).toThrow(
      'lab: clusters/lab.yaml: spec.registry.namespace: namespace is also used by the metrics layer; each layer needs a namespace of its own (got "monitoring", expected a namespace no other layer uses)',
    );
  });

  test('a mistyped image override names the cluster file and the field', () => {
    const cluster = clusterWith('lab', (document) => (document.spec.images = { overrides: [{ name: 'registy', newTag: '1' }] }));
    expect(() => synthesizeCluster(cluster)).toThrow(/^lab: clusters\/lab\.yaml: spec\.images\.overrides\[0\]\.name: matches no image of the cluster \(got "registy"/);
  });
});
