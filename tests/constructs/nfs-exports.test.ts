import { Chart } from 'cdk8s';
import { NfsExports, NfsExportsProps } from '../../src/constructs/nfs-exports';
import { newApp } from '../helpers';

function render(props: Partial<NfsExportsProps> = {}): NfsExports {
  return new NfsExports(new Chart(newApp(), 'test'), 'Nfs', { exportPath: '/share_storage', clients: '192.168.111.0/24', ...props });
}

describe('NfsExports', () => {
  test('minimal', () => {
    const nfs = render();
    expect({ exports: nfs.exportsFile.content, directories: nfs.directoriesFile.content }).toMatchSnapshot();
  });

  test('all props', () => {
    const props: Required<NfsExportsProps> = {
      exportPath: '/nfs/lab',
      clients: '10.0.3.0/24',
      options: ['rw', 'async', 'no_root_squash'],
      directories: [
        { path: '/nfs/lab/prometheus', uid: 65534, gid: 65534, purpose: 'Prometheus data' },
        { path: '/nfs/lab/shared', uid: 0, gid: 0, mode: '777', purpose: 'written by several users' },
      ],
    };
    const nfs = render(props);
    expect({ exports: nfs.exportsFile.content, directories: nfs.directoriesFile.content }).toMatchSnapshot();
  });

  test('exports to the host network only, in seed 002\'s form', () => {
    expect(render().exportsFile.content.trimEnd().split('\n').pop()).toBe('/share_storage 192.168.111.0/255.255.255.0(rw,sync,no_subtree_check,no_root_squash)');
    expect(render({ clients: '10.0.0.0/8' }).exportsFile.content).toContain('/share_storage 10.0.0.0/255.0.0.0(');
  });

  test('lists each directory as `path uid gid mode`, sorted', () => {
    const nfs = render({
      directories: [
        { path: '/share_storage/grafana', uid: 472, gid: 472, purpose: 'Grafana' },
        { path: '/share_storage/docker_registry', uid: 0, gid: 0, purpose: 'registry' },
      ],
    });
    const lines = nfs.directoriesFile.content.trimEnd().split('\n').filter((line) => !line.startsWith('#'));
    expect(lines).toEqual(['/share_storage/docker_registry 0 0 0755', '/share_storage/grafana 472 472 0755']);
  });

  test('fails on paths outside the export, bad ids, modes, options or client networks', () => {
    expect(() => render({ exportPath: 'share' })).toThrow("'exportPath' must be an absolute path");
    expect(() => render({ directories: [{ path: '/etc/x', uid: 0, gid: 0, purpose: 'x' }] })).toThrow('directory "/etc/x" in \'directories\' must be a normalized absolute path inside /share_storage');
    expect(() => render({ directories: [{ path: '/share_storage/a', uid: -1, gid: 0, purpose: 'x' }] })).toThrow("directory /share_storage/a has 'uid' -1");
    expect(() => render({ directories: [{ path: '/share_storage/a', uid: 0, gid: 0, mode: 'rwx', purpose: 'x' }] })).toThrow("has 'mode' \"rwx\", expected octal permission bits");
    expect(() => render({ options: ['rw', 'all hosts'] })).toThrow("'options' must be export options such as rw or no_root_squash (got \"all hosts\")");
    expect(() => render({ clients: '192.168.111.0' })).toThrow("'clients' must be an IPv4 CIDR block such as 192.168.111.0/24 (got \"192.168.111.0\")");
    const twice = { path: '/share_storage/a', uid: 0, gid: 0, purpose: 'x' };
    expect(() => render({ directories: [twice, twice] })).toThrow('directory /share_storage/a is listed twice');
  });
});
