import { Chart } from 'cdk8s';
import { BootstrapRegistry, BootstrapRegistryProps } from '../../src/constructs/bootstrap-registry';
import { NodeFile } from '../../src/constructs/node-file';
import { newApp } from '../helpers';

function render(props: Partial<BootstrapRegistryProps> = {}): Map<string, string> {
  const registry = new BootstrapRegistry(new Chart(newApp(), 'test'), 'Registry', { clusterName: 'lab', host: 'boot.example.org', dataPath: '/var/lib/reg', ...props });
  return new Map(registry.node.findAll().filter((construct): construct is NodeFile => construct instanceof NodeFile).map((file) => [file.path, file.content]));
}

describe('BootstrapRegistry', () => {
  test('minimal', () => {
    // GIVEN / WHEN
    const files = render();
    // THEN
    expect([...files.keys()]).toEqual(['bootstrap-registry/config.yml', 'bootstrap-registry/hanok-bootstrap-registry.service', 'bootstrap-registry/registry.env']);
    expect(Object.fromEntries(files)).toMatchSnapshot();
  });

  test('all props', () => {
    // GIVEN
    const props: Required<BootstrapRegistryProps> = {
      clusterName: 'site-a',
      host: '10.0.3.30',
      port: 5443,
      insecure: true,
      dataPath: '/srv/registry',
      nfsSource: '10.0.3.5:/share/bootstrap_registry',
      directory: 'boot',
    };
    // WHEN
    const files = render(props);
    // THEN
    expect(Object.fromEntries(files)).toMatchSnapshot();
    expect(files.get('boot/config.yml')).not.toContain('tls:');
    expect(files.get('boot/registry.env')).toContain('NFS_SOURCE=10.0.3.5:/share/bootstrap_registry');
  });

  test('TLS from the files the script installs; the unit waits for the data folder', () => {
    const files = render();
    expect(files.get('bootstrap-registry/config.yml')).toContain('  tls:\n    certificate: /etc/hanok-bootstrap-registry/tls.crt\n    key: /etc/hanok-bootstrap-registry/tls.key');
    expect(files.get('bootstrap-registry/hanok-bootstrap-registry.service')).toContain('RequiresMountsFor=/var/lib/reg');
    expect(files.get('bootstrap-registry/hanok-bootstrap-registry.service')).toContain('ExecStart=/usr/local/bin/hanok-bootstrap-registry serve /etc/hanok-bootstrap-registry/config.yml');
  });

  test('fails on a bad host, port or data path', () => {
    expect(() => render({ host: 'https://boot' })).toThrow("bootstrap registry: 'host' must be a host name or IPv4 address");
    expect(() => render({ port: 70000 })).toThrow("bootstrap registry: 'port' must be 1 to 65535 (got 70000)");
    expect(() => render({ dataPath: 'data' })).toThrow("bootstrap registry: 'dataPath' must be an absolute path");
  });
});
