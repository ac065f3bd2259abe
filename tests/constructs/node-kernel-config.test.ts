import { Chart } from 'cdk8s';
import { KUBERNETES_KERNEL_MODULES, NodeKernelConfig, NodeKernelConfigProps } from '../../src/constructs/node-kernel-config';
import { newApp } from '../helpers';

function render(props: NodeKernelConfigProps = {}): NodeKernelConfig {
  return new NodeKernelConfig(new Chart(newApp(), 'test'), 'Kernel', props);
}

describe('NodeKernelConfig', () => {
  test('minimal', () => {
    const kernel = render();
    expect({ modules: kernel.modulesFile.content, sysctl: kernel.sysctlFile.content }).toMatchSnapshot();
  });

  test('all props', () => {
    const props: Required<NodeKernelConfigProps> = { modules: ['overlay', 'br_netfilter', 'ip_vs'], sysctls: { 'net.ipv4.ip_forward': '1', 'fs.inotify.max_user_instances': '8192' } };
    const kernel = render(props);
    expect({ modules: kernel.modulesFile.content, sysctl: kernel.sysctlFile.content }).toMatchSnapshot();
  });

  test('loads overlay and br_netfilter and turns on bridge filtering and forwarding', () => {
    const kernel = render();
    expect(KUBERNETES_KERNEL_MODULES).toEqual(['overlay', 'br_netfilter']);
    expect(kernel.modulesFile.path).toBe('modules-load.d/k8s.conf');
    expect(kernel.sysctlFile.path).toBe('sysctl.d/k8s.conf');
    expect(kernel.sysctlFile.content.split('\n')).toEqual(
      expect.arrayContaining(['net.bridge.bridge-nf-call-iptables = 1', 'net.bridge.bridge-nf-call-ip6tables = 1', 'net.ipv4.ip_forward = 1']),
    );
  });

  test('fails on a module or parameter that would break the file', () => {
    expect(() => render({ modules: ['overlay\nrm'] })).toThrow('module "overlay\\nrm" in \'modules\' must be a module name');
    expect(() => render({ sysctls: { forward: '1' } })).toThrow("'sysctls' entry \"forward\"=\"1\" must be a dotted parameter name and a plain value");
  });
});
