import { Chart } from 'cdk8s';
import { NodeInventory, NodeInventoryProps } from '../../src/constructs/node-inventory';
import { newApp } from '../helpers';

function render(props: Partial<NodeInventoryProps> = {}): NodeInventory {
  return new NodeInventory(new Chart(newApp(), 'test'), 'Inventory', {
    nodes: [{ name: 'test-master', ip: '192.168.111.169', roles: ['control-plane'] }],
    ...props,
  });
}

describe('NodeInventory', () => {
  test('minimal', () => {
    const inventory = render();
    expect({ inventory: inventory.inventoryFile.content, hosts: inventory.hostsFile.content, labels: inventory.labelsFile.content }).toMatchSnapshot();
  });

  test('all props', () => {
    const props: Required<NodeInventoryProps> = {
      nodes: [
        { name: 'cp', ip: '10.0.3.40', roles: ['control-plane', 'worker'], labels: { 'topology.kubernetes.io/region': 'AS' } },
        { name: 'w1', ip: '10.0.3.41', roles: ['worker'], labels: { 'node-role.kubernetes.io/worker': '', disk: 'ssd' } },
      ],
      otherHosts: [{ name: 'haproxy', ip: '10.0.3.10' }],
    };
    const inventory = render(props);
    expect({ inventory: inventory.inventoryFile.content, hosts: inventory.hostsFile.content, labels: inventory.labelsFile.content }).toMatchSnapshot();
  });

  test('names every node with its address and roles, and every label once per node', () => {
    const inventory = render({ nodes: [{ name: 'cp', ip: '10.0.3.40', roles: ['control-plane', 'worker'], labels: { a: 'b' } }] });
    expect(inventory.inventoryFile.content.trimEnd().split('\n').pop()).toBe('cp 10.0.3.40 control-plane,worker');
    expect(inventory.hostsFile.content.trimEnd().split('\n').pop()).toBe('10.0.3.40\tcp');
    expect(inventory.labelsFile.content.trimEnd().split('\n').pop()).toBe('cp a=b');
  });

  test('other hosts, such as the HAProxy host, follow the nodes in hosts only', () => {
    const inventory = render({ otherHosts: [{ name: 'lb', ip: '192.168.111.160' }] });
    expect(inventory.hostsFile.content.trimEnd().split('\n').slice(-2)).toEqual(['192.168.111.169\ttest-master', '192.168.111.160\tlb']);
    expect(inventory.inventoryFile.content).not.toContain('lb');
  });

  test('fails on a bad other host, or one named like a node', () => {
    expect(() => render({ otherHosts: [{ name: 'lb', ip: 'x' }] })).toThrow('node inventory: host "lb" with ip "x" must have a DNS name and an IPv4 address');
    expect(() => render({ otherHosts: [{ name: 'test-master', ip: '10.0.0.9' }] })).toThrow('host name "test-master" is also a node\'s name');
  });

  test('fails on no nodes, bad names, roles or labels', () => {
    expect(() => render({ nodes: [] })).toThrow("'nodes' must list at least one node");
    expect(() => render({ nodes: [{ name: 'Test Master', ip: '10.0.0.1', roles: ['worker'] }] })).toThrow('node "Test Master" with ip "10.0.0.1" must have a DNS name and an IPv4 address');
    expect(() => render({ nodes: [{ name: 'a', ip: '10.0.0.1', roles: [] }] })).toThrow("node 'a' has 'roles' [], expected one or more role names");
    expect(() => render({ nodes: [{ name: 'a', ip: '10.0.0.1', roles: ['worker'], labels: { 'a b': 'c' } }] })).toThrow("node 'a' has the label \"a b\"=\"c\"");
  });
});
