import { Chart } from 'cdk8s';
import { FirewallPorts, FirewallPortsProps } from '../../src/constructs/firewall-ports';
import { newApp } from '../helpers';

function render(props: Partial<FirewallPortsProps> = {}): FirewallPorts {
  return new FirewallPorts(new Chart(newApp(), 'test'), 'Firewall', {
    roles: { worker: [{ port: 10250, purpose: 'kubelet API' }] },
    ...props,
  });
}

describe('FirewallPorts', () => {
  test('minimal', () => {
    const firewall = render();
    expect(firewall.files.get('worker')!.content).toMatchSnapshot();
    expect(firewall.files.get('worker')!.path).toBe('firewall/worker.ports');
  });

  test('all props', () => {
    const props: Required<FirewallPortsProps> = {
      roles: {
        'control-plane': [
          { port: 6443, purpose: 'Kubernetes API server' },
          { port: [2379, 2380], protocol: 'tcp', purpose: 'etcd' },
        ],
        worker: [{ port: 8472, protocol: 'udp', purpose: 'Flannel VXLAN' }],
      },
      directory: 'ports',
    };
    const firewall = render(props);
    expect(Object.fromEntries([...firewall.files].map(([, file]) => [file.path, file.content]))).toMatchSnapshot();
  });

  test('writes one `port[-last]/protocol  # purpose` line per rule, ranges and UDP included', () => {
    const lines = render({ roles: { node: [{ port: [30000, 32767], purpose: 'NodePort Services' }, { port: 8472, protocol: 'udp', purpose: 'VXLAN' }] } })
      .files.get('node')!.content.trimEnd().split('\n').slice(1);
    expect(lines).toEqual(['30000-32767/tcp # NodePort Services', '8472/udp        # VXLAN']);
  });

  test('fails on ports out of range, reversed ranges, empty roles and bad role names', () => {
    expect(() => render({ roles: { worker: [{ port: 70000, purpose: 'x' }] } })).toThrow("role 'worker' has port 70000 for x, expected ports from 1 to 65535");
    expect(() => render({ roles: { worker: [{ port: [2380, 2379], purpose: 'etcd' }] } })).toThrow("role 'worker' has the range 2380-2379 for etcd");
    expect(() => render({ roles: { worker: [] } })).toThrow("role 'worker' in 'roles' must list at least one port");
    expect(() => render({ roles: { 'Worker Nodes': [{ port: 1, purpose: 'x' }] } })).toThrow('role "Worker Nodes" in \'roles\' must be a DNS label');
    expect(() => render({ roles: { worker: [{ port: 1, purpose: 'a # b' }] } })).toThrow('must be one line without "#"');
  });
});
