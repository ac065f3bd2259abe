import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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
      apiServers: [{ name: 'cp1', address: '10.0.0.11' }, { name: 'cp2', address: '10.0.0.12' }],
      apiPort: 8443,
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

  test('without apiServers it fronts the ingress only', () => {
    expect(render().content).not.toContain('6443');
    expect(render().content).not.toContain('kubernetes-api');
  });

  test('with apiServers, port 6443 passes TLS through to the API server of every control plane, health-checked', () => {
    const content = render({ apiServers: [{ name: 'cp1', address: '10.0.0.11' }, { name: 'cp2', address: '10.0.0.12' }] }).content;
    expect(section(content, 'frontend kubernetes-api')).toEqual(['bind *:6443', 'mode tcp', 'option tcplog', 'default_backend kubernetes-api-servers']);
    expect(section(content, 'backend kubernetes-api-servers')).toEqual([
      'mode tcp',
      'balance roundrobin',
      'option tcp-check',
      'server cp1 10.0.0.11:6443 check',
      'server cp2 10.0.0.12:6443 check',
    ]);
  });

  test('haproxy -c accepts the file, with and without the API front end', () => {
    const haproxy = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((candidate) => fs.existsSync(candidate));
    if (!haproxy) {
      if (process.env.CI) throw new Error('haproxy is not installed: .ci/run installs it (apt-get install haproxy)');
      console.warn('haproxy is not installed, so haproxy.cfg is not checked with haproxy -c: apt-get install haproxy');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-haproxy-'));
    try {
      for (const [name, config] of [['ingress', render()], ['api', render({ apiServers: [{ name: 'cp1', address: '10.0.0.11' }, { name: 'cp2', address: '10.0.0.12' }] })]] as const) {
        const file = path.join(dir, `${name}.cfg`);
        // `haproxy -c` resolves the user and group; the test machine may have no haproxy user.
        fs.writeFileSync(file, config.content.replace(/^ {4}(user|group) haproxy$/gm, '    $1 root'));
        const result = spawnSync(haproxy, ['-c', '-f', file], { encoding: 'utf8' });
        expect({ name, status: result.status, output: result.status === 0 ? '' : result.stdout + result.stderr }).toEqual({ name, status: 0, output: '' });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails on a bad API server or port', () => {
    expect(() => render({ apiServers: [{ name: 'cp 1', address: '10.0.0.11' }] })).toThrow('HAProxy config: API server "cp 1" with address "10.0.0.11" must have a name');
    expect(() => render({ apiServers: [{ name: 'cp1', address: '10.0.0.11' }, { name: 'cp1', address: '10.0.0.12' }] })).toThrow('API server name "cp1" is listed twice');
    expect(() => render({ apiPort: 443 })).toThrow("'apiPort' must be a port from 1 to 65535 other than 80 and 443 (got 443)");
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
