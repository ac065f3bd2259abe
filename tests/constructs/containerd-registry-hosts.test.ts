import { Chart } from 'cdk8s';
import { ContainerdRegistryHosts, ContainerdRegistryHostsProps } from '../../src/constructs/containerd-registry-hosts';
import { NodeFile } from '../../src/constructs/node-file';
import { newApp } from '../helpers';

function render(props: Partial<ContainerdRegistryHostsProps> = {}): ContainerdRegistryHosts {
  return new ContainerdRegistryHosts(new Chart(newApp(), 'test'), 'Hosts', { host: 'registry.localtest.com', ...props });
}

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('ContainerdRegistryHosts', () => {
  test('a secure registry with a CA: ca.crt beside hosts.toml, named by ca', () => {
    const hosts = render({ caCertificate: CA });
    expect(hosts.content).toContain('  ca = "/etc/containerd/certs.d/registry.localtest.com/ca.crt"');
    expect(hosts.caFile?.path).toBe('containerd/certs.d/registry.localtest.com/ca.crt');
    expect(hosts.caFile?.content).toBe(CA);
  });

  test('an insecure registry ignores the CA (it does not verify)', () => {
    const hosts = render({ insecure: true, caCertificate: CA });
    expect(hosts.content).not.toContain('ca =');
    expect(hosts.caFile).toBeUndefined();
  });

  test('fails when the CA holds a private key', () => {
    expect(() => render({ caCertificate: `${CA}-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n` })).toThrow("'caCertificate' holds a private key");
  });

  test('minimal', () => {
    // GIVEN / WHEN
    const hosts = render();
    // THEN
    expect(hosts.content).toMatchSnapshot();
    expect(hosts.file.path).toBe('containerd/certs.d/registry.localtest.com/hosts.toml');
  });

  test('all props', () => {
    // GIVEN
    const props: Required<ContainerdRegistryHostsProps> = {
      host: '10.0.3.30:5000',
      insecure: false,
      capabilities: ['pull', 'resolve'],
      caCertificate: CA,
      directory: 'certs.d',
    };
    // WHEN
    const hosts = render(props);
    // THEN
    expect(hosts.content).toMatchSnapshot();
    expect(hosts.file.path).toBe('certs.d/10.0.3.30:5000/hosts.toml');
  });

  test('a secure registry is reached over verified HTTPS only', () => {
    const content = render().content;
    expect(content).toContain('server = "https://registry.localtest.com"');
    expect(content).not.toContain('skip_verify');
    expect(content).not.toContain('http://');
  });

  test('an insecure registry: unverified TLS first, then plain HTTP, as seed 002\'s insecure-registries', () => {
    const lines = render({ insecure: true }).content.split('\n');
    expect(lines).toContain('server = "http://registry.localtest.com"');
    expect(lines).toContain('[host."https://registry.localtest.com"]');
    expect(lines).toContain('  skip_verify = true');
  });

  test('a CA certificate is written beside hosts.toml and named by the host\'s ca', () => {
    const hosts = render({ host: 'bootstrap.example.org:5000', caCertificate: CA });
    expect(hosts.content.split('\n')).toContain('  ca = "/etc/containerd/certs.d/bootstrap.example.org:5000/ca.crt"');
    const files = hosts.node.findAll().filter((construct): construct is NodeFile => construct instanceof NodeFile);
    expect(files.map((file) => [file.path, file.content])).toContainEqual(['containerd/certs.d/bootstrap.example.org:5000/ca.crt', CA]);
  });

  test('fails with a CA that is not a PEM certificate', () => {
    expect(() => render({ caCertificate: 'hello' })).toThrow("'caCertificate' must be PEM certificates ending in a newline");
  });

  test('fails on a host with a scheme or path, or unknown capabilities', () => {
    expect(() => render({ host: 'https://registry.localtest.com' })).toThrow("'host' must be a registry host name with an optional port");
    expect(() => render({ capabilities: [] })).toThrow("'capabilities' must be one or more of pull, resolve, push");
    expect(() => render({ capabilities: ['delete' as any] })).toThrow("'capabilities' must be one or more of pull, resolve, push (got [\"delete\"])");
  });
});
