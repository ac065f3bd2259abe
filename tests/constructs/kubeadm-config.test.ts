import { Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { KUBEADM_PLACEHOLDERS, KubeadmConfig, KubeadmConfigProps, KubeadmNode } from '../../src/constructs/kubeadm-config';
import { newApp } from '../helpers';
import { kubeadmV1beta4Problems } from '../kubeadm-v1beta4-schema';

const NODES: KubeadmNode[] = [
  { name: 'test-master', ip: '192.168.111.169', roles: ['control-plane'] },
  { name: 'test-node1', ip: '192.168.111.172', roles: ['worker'], labels: { 'disk': 'ssd', 'topology.kubernetes.io/zone': 'KR', 'node-role.kubernetes.io/worker': '' } },
];

function render(props: Partial<KubeadmConfigProps> = {}): KubeadmConfig {
  return new KubeadmConfig(new Chart(newApp(), 'test'), 'Kubeadm', {
    clusterName: 'lab',
    kubernetesVersion: '1.36.1',
    controlPlaneEndpoint: '192.168.111.169:6443',
    podSubnet: '10.244.0.0/16',
    serviceSubnet: '10.96.0.0/12',
    nodes: NODES,
    ...props,
  });
}

/** The YAML documents of a node's file, by kind. */
function documents(config: KubeadmConfig, node: string): Record<string, any> {
  const content = config.files.get(node)!.content;
  return Object.fromEntries(yaml.loadAll(content).map((document: any) => [document.kind, document]));
}

describe('KubeadmConfig', () => {
  test('minimal', () => {
    // GIVEN / WHEN
    const config = render();
    // THEN
    expect(Object.fromEntries([...config.files].map(([, file]) => [file.path, file.content]))).toMatchSnapshot();
  });

  test('all props', () => {
    // GIVEN
    const props: Required<KubeadmConfigProps> = {
      clusterName: 'site-a',
      kubernetesVersion: '1.35.4',
      controlPlaneEndpoint: 'api.site-a.example.org:8443',
      podSubnet: '10.50.0.0/16',
      serviceSubnet: '10.60.0.0/16',
      dnsDomain: 'site-a.local',
      nodes: [
        { name: 'cp1', ip: '10.0.0.11', roles: ['control-plane', 'worker'] },
        { name: 'cp2', ip: '10.0.0.12', roles: ['control-plane'] },
        { name: 'w1', ip: '10.0.0.21', roles: ['worker'] },
      ],
      imageRepository: 'registry.site-a.example.org/mirror',
      criSocket: 'unix:///run/containerd/containerd.sock',
      directory: 'kubeadm-config',
    };
    // WHEN
    const config = render(props);
    // THEN
    expect(Object.fromEntries([...config.files].map(([, file]) => [file.path, file.content]))).toMatchSnapshot();
    expect(config.initNode).toBe('cp1');
  });

  test('the first control plane gets Init, Cluster and Kubelet configuration with the cluster\'s network', () => {
    const init = documents(render(), 'test-master');
    expect(Object.keys(init)).toEqual(['InitConfiguration', 'ClusterConfiguration', 'KubeletConfiguration']);
    expect(init.InitConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(init.InitConfiguration.localAPIEndpoint).toEqual({ advertiseAddress: '192.168.111.169', bindPort: 6443 });
    expect(init.ClusterConfiguration).toMatchObject({
      kubernetesVersion: 'v1.36.1',
      controlPlaneEndpoint: '192.168.111.169:6443',
      networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', dnsDomain: 'cluster.local' },
    });
    expect(init.KubeletConfiguration).toEqual({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'systemd' });
  });

  test('every other node gets a JoinConfiguration with its name, node-ip and the labels a kubelet may set', () => {
    const join = documents(render(), 'test-node1').JoinConfiguration;
    expect(join.nodeRegistration).toEqual({
      name: 'test-node1',
      criSocket: 'unix:///var/run/containerd/containerd.sock',
      kubeletExtraArgs: [
        { name: 'node-ip', value: '192.168.111.172' },
        { name: 'node-labels', value: 'disk=ssd,topology.kubernetes.io/zone=KR' },
      ],
    });
    expect(join.discovery.bootstrapToken.apiServerEndpoint).toBe('192.168.111.169:6443');
    expect(join.controlPlane).toBeUndefined();
  });

  describe('reads as kubeadm.k8s.io/v1beta4 (strict schema of the documented types)', () => {
    const config = render({
      nodes: [
        { name: 'cp1', ip: '10.0.0.11', roles: ['control-plane'] },
        { name: 'cp2', ip: '10.0.0.12', roles: ['control-plane', 'worker'], labels: { disk: 'ssd' } },
        { name: 'w1', ip: '10.0.0.21', roles: ['worker'], labels: { 'topology.kubernetes.io/zone': 'KR' } },
      ],
      controlPlaneEndpoint: '10.0.0.5:6443',
      podSubnet: '10.50.0.0/16',
      serviceSubnet: '10.60.0.0/16',
      imageRepository: 'mirror.example.org/k8s',
    });
    test.each([
      ['the init of the first control plane', 'cp1', ['InitConfiguration', 'ClusterConfiguration', 'KubeletConfiguration']],
      ['the join of a further control plane', 'cp2', ['JoinConfiguration']],
      ['the join of a worker', 'w1', ['JoinConfiguration']],
    ])('%s', (_, node, kinds) => {
      const file = yaml.loadAll(config.files.get(node)!.content) as any[];
      expect(file.map((document) => document.kind)).toEqual(kinds);
      for (const document of file) {
        expect(kubeadmV1beta4Problems(document)).toEqual([]);
      }
    });

    test('the schema rejects the v1beta3 forms: a map of kubeletExtraArgs, an unknown field, the old apiVersion', () => {
      const join = documents(config, 'w1').JoinConfiguration;
      expect(kubeadmV1beta4Problems({ ...join, nodeRegistration: { ...join.nodeRegistration, kubeletExtraArgs: { 'node-ip': '10.0.0.21' } } })).toEqual([
        'JoinConfiguration: /nodeRegistration/kubeletExtraArgs: must be array',
      ]);
      expect(kubeadmV1beta4Problems({ ...join, discovery: { ...join.discovery, timeout: '5m0s' } })).toEqual([
        'JoinConfiguration: /discovery: must NOT have additional properties (timeout)',
      ]);
      expect(kubeadmV1beta4Problems({ ...join, apiVersion: 'kubeadm.k8s.io/v1beta3' })).toEqual(['JoinConfiguration: /apiVersion: must be equal to constant']);
    });
  });

  test('holds no bootstrap token, hash or certificate key, only placeholders', () => {
    const config = render({ nodes: [...NODES, { name: 'cp2', ip: '192.168.111.171', roles: ['control-plane'] }] });
    const join = documents(config, 'test-node1').JoinConfiguration;
    expect(join.discovery.bootstrapToken.token).toBe(KUBEADM_PLACEHOLDERS.token);
    expect(join.discovery.bootstrapToken.caCertHashes).toEqual([KUBEADM_PLACEHOLDERS.caCertHash]);
    expect(documents(config, 'cp2').JoinConfiguration.controlPlane).toEqual({
      localAPIEndpoint: { advertiseAddress: '192.168.111.171', bindPort: 6443 },
      certificateKey: KUBEADM_PLACEHOLDERS.certificateKey,
    });
    const all = [...config.files.values()].map((file) => file.content).join('\n');
    expect(all).not.toMatch(/[a-z0-9]{6}\.[a-z0-9]{16}/);
    expect(all).not.toMatch(/sha256:[a-f0-9]{64}/);
    expect(documents(config, 'test-master').InitConfiguration.bootstrapTokens).toBeUndefined();
  });

  test('a control plane that is also a worker gets no taints; a plain control plane keeps kubeadm\'s', () => {
    const both = render({ nodes: [{ name: 'cp', ip: '10.0.0.1', roles: ['control-plane', 'worker'] }] });
    expect(documents(both, 'cp').InitConfiguration.nodeRegistration.taints).toEqual([]);
    expect(documents(render(), 'test-master').InitConfiguration.nodeRegistration.taints).toBeUndefined();
  });

  test('the image repository goes into ClusterConfiguration only when given', () => {
    expect(documents(render(), 'test-master').ClusterConfiguration.imageRepository).toBeUndefined();
    expect(documents(render({ imageRepository: 'mirror.example.org/k8s' }), 'test-master').ClusterConfiguration.imageRepository).toBe('mirror.example.org/k8s');
  });

  test('fails when no node is a control plane', () => {
    expect(() => render({ nodes: [NODES[1]] })).toThrow("'nodes' must include a node with the role control-plane (got test-node1)");
  });

  test('fails on a bad version, endpoint, subnet or node', () => {
    expect(() => render({ kubernetesVersion: 'v1.30' })).toThrow("'kubernetesVersion' must be MAJOR.MINOR.PATCH such as 1.36.1 (got \"v1.30\")");
    expect(() => render({ controlPlaneEndpoint: '192.168.111.169' })).toThrow("'controlPlaneEndpoint' must be host:port");
    expect(() => render({ podSubnet: '10.244.0.0' })).toThrow("'podSubnet' must be an IPv4 CIDR block such as 10.244.0.0/16 (got \"10.244.0.0\")");
    expect(() => render({ nodes: [NODES[0], NODES[0]] })).toThrow('node name "test-master" is listed twice');
    expect(() => render({ nodes: [{ ...NODES[0], ip: '300.1.1.1' }] })).toThrow("node 'test-master' has 'ip' \"300.1.1.1\", expected an IPv4 address");
  });
});
