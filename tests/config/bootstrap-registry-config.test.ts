import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { synthesizeClusters } from '../../src/pipeline/synth';
import { clusterWith, exampleDocument, problemsOf } from '../helpers';

function withImages(images: unknown, mutate: (document: any) => void = () => undefined): string[] {
  const document = exampleDocument('lab');
  document.spec.images = images;
  mutate(document);
  return problemsOf(document);
}

describe('spec.images.bootstrapRegistry and the mirror rules', () => {
  test('defaults: port 5000, TLS checked against the system trust store, data on local disk', () => {
    const cluster = clusterWith('lab', (document) => (document.spec.images = { bootstrapRegistry: { host: 'boot.example.org' } }));
    expect(cluster.spec.images.bootstrapRegistry).toEqual({ host: 'boot.example.org', port: 5000, insecure: false, tls: {}, storage: 'local', dataPath: '/var/lib/hanok-bootstrap-registry' });
  });

  test('the mirror defaults to the bootstrap registry; an explicit mirror wins', () => {
    expect(clusterWith('lab', (document) => (document.spec.images = { bootstrapRegistry: { host: '192.168.111.177', port: 5443 } })).spec.images.mirror).toBe('192.168.111.177:5443');
    expect(
      clusterWith('lab', (document) => (document.spec.images = { mirror: 'harbor.example.org/k8s', bootstrapRegistry: { host: 'boot.example.org' } })).spec.images.mirror,
    ).toBe('harbor.example.org/k8s');
  });

  test('platforms default to linux/<arch> of every node, once each', () => {
    const cluster = clusterWith('lab', (document) => (document.spec.nodes[2].arch = 'arm64'));
    expect(cluster.spec.images.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(clusterWith('lab', (document) => (document.spec.images = { platforms: ['linux/arm64'] })).spec.images.platforms).toEqual(['linux/arm64']);
  });

  test('fails when the mirror is the registry the cluster itself serves, explaining why and naming the fix', () => {
    expect(withImages({ mirror: 'registry.localtest.com/mirror' })).toEqual([
      'clusters/lab.yaml:53: spec.images.mirror: points at the registry the cluster itself serves (spec.registry.host registry.localtest.com): nodes pull every image from the mirror, ' +
        "Flannel, kube-proxy, CoreDNS and kubeadm's control-plane images included, before the cluster and so that registry can run, so the cluster could never start " +
        '(got "registry.localtest.com/mirror", expected a registry outside the cluster: set spec.images.bootstrapRegistry (scripts/node/prepare-bootstrap-registry.sh runs it before the cluster) and leave mirror unset, or name another site registry)',
    ]);
    expect(withImages({ mirror: 'registry.localtest.com/mirror' }, (document) => (document.spec.registry.enabled = false))).toEqual([]);
  });

  test.each([
    [{ bootstrapRegistry: { host: 'registry.localtest.com' } }, "spec.images.bootstrapRegistry.host: is the in-cluster registry's host"],
    [{ bootstrapRegistry: { host: 'boot.example.org', insecure: true, tls: { caFile: 'ca.pem' } } }, 'spec.images.bootstrapRegistry.tls.caFile: is set, but insecure serves plain HTTP'],
    [{ bootstrapRegistry: { host: 'https://boot.example.org' } }, 'spec.images.bootstrapRegistry.host: not a host name or IPv4 address'],
    [{ bootstrapRegistry: { host: 'boot.example.org', storage: 'ceph' } }, 'spec.images.bootstrapRegistry.storage'],
    [{ bootstrapRegistry: { host: 'boot.example.org', tls: { caFile: '/etc/ssl/ca.pem' } } }, 'spec.images.bootstrapRegistry.tls.caFile: not a relative path'],
    [{ platforms: ['linux/s390x'] }, 'spec.images.platforms[0]: not a node platform'],
  ])('fails on %j', (images, message) => {
    expect(withImages(images).join('\n')).toContain(message);
  });

  test('fails at load when the CA file is missing or holds a private key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-ca-'));
    const document = exampleDocument('lab');
    document.spec.images = { bootstrapRegistry: { host: 'boot.example.org', tls: { caFile: 'site-ca.pem' } } };
    fs.writeFileSync(path.join(dir, 'lab.yaml'), yaml.dump(document));
    expect(() => synthesizeClusters(dir, ['lab'])).toThrow(new RegExp(`${path.join(dir, 'lab.yaml')}:\\d+: spec\\.images\\.bootstrapRegistry\\.tls\\.caFile: file not found`));
    fs.writeFileSync(path.join(dir, 'site-ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
    expect(() => synthesizeClusters(dir, ['lab'])).toThrow('spec.images.bootstrapRegistry.tls.caFile: holds a private key, which must never be in git');
  });
});
