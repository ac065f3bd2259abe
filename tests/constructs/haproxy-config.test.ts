import { Chart } from 'cdk8s';
import { HaproxyConfig, HaproxyConfigProps } from '../../src/constructs/haproxy-config';
import { NodeFile } from '../../src/constructs/node-file';
import { newApp } from '../helpers';

const SERVERS = [
  { name: 'test-node1', address: '192.168.111.172' },
  { name: 'test-node2', address: '192.168.111.173' },
];

function render(props: Partial<HaproxyConfigProps> = {}): HaproxyConfig {
  return new HaproxyConfig(new Chart(newApp(), 'test'), 'Haproxy', { servers: SERVERS, httpNodePort: 32334, httpsNodePort: 30570, ...props });
}

/** The lines of one section (`frontend x`, `backend y`), without the header. */
function section(content: string, header: string): string[] {
  const lines = content.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`no section '${header}' in:\n${content}`);
  const end = lines.findIndex((line, index) => index > start && (line === '' || !line.startsWith(' ')));
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.trim());
}

describe('HaproxyConfig', () => {
  test('minimal', () => {
    // GIVEN / WHEN
    const config = render();
    // THEN
    expect(config.content).toMatchSnapshot();
  });

  test('all props', () => {
    // GIVEN
    const props: Required<HaproxyConfigProps> = {
      servers: [...SERVERS, { name: 'edge-3', address: 'node3.example.org' }],
      httpNodePort: 30080,
      httpsNodePort: 30443,
      path: 'lb/haproxy.cfg',
      description: 'front end of the lab cluster',
      maxConnections: 256,
    };
    // WHEN
    const config = render(props);
    // THEN
    expect(config.content).toMatchSnapshot();
    expect(config.file.path).toBe('lb/haproxy.cfg');
  });

  test('port 80 goes to the HTTP NodePort of every server, with health checks', () => {
    const content = render().content;
    expect(section(content, 'frontend ingress-http')).toEqual(expect.arrayContaining(['bind *:80', 'mode http', 'default_backend ingress-http-nodeport']));
    expect(section(content, 'backend ingress-http-nodeport')).toEqual([
      'mode http',
      'balance roundrobin',
      'server test-node1 192.168.111.172:32334 check',
      'server test-node2 192.168.111.173:32334 check',
    ]);
  });

  test('port 443 passes TLS through (mode tcp) to the HTTPS NodePort of every server', () => {
    const content = render().content;
    expect(section(content, 'frontend ingress-https')).toEqual(expect.arrayContaining(['bind *:443', 'mode tcp', 'default_backend ingress-https-nodeport']));
    expect(section(content, 'backend ingress-https-nodeport')).toEqual([
      'mode tcp',
      'balance roundrobin',
      'server test-node1 192.168.111.172:30570 check',
      'server test-node2 192.168.111.173:30570 check',
    ]);
  });

  test('has defaults with timeouts', () => {
    expect(section(render().content, 'defaults')).toEqual(expect.arrayContaining(['timeout connect 5s', 'timeout client 50s', 'timeout server 50s']));
  });

  test('is written as the node file haproxy/haproxy.cfg, the same text every time', () => {
    const config = render();
    const files = config.node.findAll().filter((construct): construct is NodeFile => construct instanceof NodeFile);
    expect(files.map((file) => file.path)).toEqual(['haproxy/haproxy.cfg']);
    expect(files[0].content).toBe(config.content);
    expect(render().content).toBe(config.content);
  });

  test('fails when there are no servers', () => {
    expect(() => render({ servers: [] })).toThrow("HAProxy config: 'servers' must list at least one server");
  });

  test('fails when a server is listed twice', () => {
    expect(() => render({ servers: [SERVERS[0], SERVERS[0]] })).toThrow('server name "test-node1" is listed twice');
  });

  test('fails when a server address or name would break the file', () => {
    expect(() => render({ servers: [{ name: 'a', address: '10.0.0.1 backup' }] })).toThrow("server 'a' has address \"10.0.0.1 backup\", expected an IPv4 address or host name");
    expect(() => render({ servers: [{ name: 'a b', address: '10.0.0.1' }] })).toThrow('server name "a b" must be letters, digits');
  });

  test('fails when a port is not a port or both ports are the same', () => {
    expect(() => render({ httpNodePort: 70000 })).toThrow("'httpNodePort' must be a port from 1 to 65535 (got 70000)");
    expect(() => render({ httpsNodePort: 32334 })).toThrow("'httpNodePort' and 'httpsNodePort' must differ (both are 32334)");
  });

  test('fails when the description spans lines', () => {
    expect(() => render({ description: 'a\nglobal' })).toThrow("'description' must be a single line");
  });
});
