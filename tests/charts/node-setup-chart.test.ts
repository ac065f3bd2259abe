import * as yaml from 'js-yaml';
import { App } from 'cdk8s';
import { firewallRoles, nfsDirectories, NodeSetupChart } from '../../src/charts/node-setup-chart';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, EXAMPLE_CLUSTER_NAMES, exampleCluster } from '../helpers';

/** The node files of a cluster's output, path below nodes/ to content. */
function nodeFiles(name: string): Record<string, string> {
  const output = synthesizeCluster(exampleCluster(name));
  return Object.fromEntries([...output.files].filter(([file]) => file.startsWith('nodes/')).map(([file, content]) => [file.slice('nodes/'.length), content]));
}

function lines(content: string): string[] {
  return content.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe.each(EXAMPLE_CLUSTER_NAMES)('node files of example cluster %s', (name) => {
  const files = nodeFiles(name);
  const cluster = exampleCluster(name);

  test('match their snapshot', () => {
    expect(files).toMatchSnapshot();
  });

  test('kubeadm: podSubnet, serviceSubnet, version and endpoint equal the cluster file', () => {
    const initNode = cluster.spec.nodes.find((node) => node.roles.includes('control-plane'))!;
    const documents = yaml.loadAll(files[`kubeadm/${initNode.name}.yaml`]) as any[];
    const clusterConfiguration = documents.find((document) => document.kind === 'ClusterConfiguration');
    expect(clusterConfiguration.networking.podSubnet).toBe(cluster.spec.network.podCidr);
    expect(clusterConfiguration.networking.serviceSubnet).toBe(cluster.spec.network.serviceCidr);
    expect(clusterConfiguration.kubernetesVersion).toBe(`v${cluster.spec.kubernetesVersion}`);
    expect(clusterConfiguration.controlPlaneEndpoint).toBe(cluster.spec.controlPlaneEndpoint);
  });

  test('kubeadm: one file per node, each with the node\'s name and IP', () => {
    for (const node of cluster.spec.nodes) {
      const registration = (yaml.loadAll(files[`kubeadm/${node.name}.yaml`]) as any[])[0].nodeRegistration;
      expect(registration.name).toBe(node.name);
      expect(registration.kubeletExtraArgs).toContainEqual({ name: 'node-ip', value: node.ip });
    }
    expect(Object.keys(files).filter((file) => file.startsWith('kubeadm/'))).toHaveLength(cluster.spec.nodes.length);
  });

  test('HAProxy backends are the workers (no front end where the ingress controller has a LoadBalancer address)', () => {
    if (cluster.spec.ingress.serviceType === 'LoadBalancer') {
      expect(files['haproxy/haproxy.cfg']).toBeUndefined();
      return;
    }
    const workers = cluster.spec.nodes.filter((node) => node.roles.includes('worker'));
    const servers = lines(files['haproxy/haproxy.cfg']).filter((line) => line.trim().startsWith('server '));
    const expected = workers.flatMap((node) => [cluster.spec.ingress.httpNodePort, cluster.spec.ingress.httpsNodePort].map((port) => `server ${node.name} ${node.ip}:${port} check`));
    expect(servers.map((line) => line.trim()).sort()).toEqual(expected.sort());
  });

  test('the NFS export is limited to the host network', () => {
    const [network, prefix] = cluster.spec.network.hostCidr.split('/');
    const netmask = ['255.255.255.0', '255.255.0.0'][prefix === '24' ? 0 : 1];
    expect(lines(files['nfs/exports'])).toEqual([`${cluster.spec.nfs.exportPath} ${network}/${netmask}(rw,sync,no_subtree_check,no_root_squash)`]);
  });
});

describe('node files', () => {
  test('an insecure registry gets skip_verify and a plain HTTP server in hosts.toml', () => {
    const hosts = nodeFiles('lab')['containerd/certs.d/registry.localtest.com/hosts.toml'];
    expect(lines(hosts)).toEqual(['server = "http://registry.localtest.com"', '[host."https://registry.localtest.com"]', '  capabilities = ["pull", "resolve", "push"]', '  skip_verify = true']);
  });

  test('a secure registry gets verified HTTPS only', () => {
    const hosts = nodeFiles('openmcp')['containerd/certs.d/registry.openmcp.local/hosts.toml'];
    expect(hosts).toContain('server = "https://registry.openmcp.local"');
    expect(hosts).not.toContain('skip_verify');
    expect(hosts).not.toContain('http://');
  });

  test('NFS directories belong to the users their pods run as: Prometheus 65534, Grafana 472, the registry root', () => {
    const directories = lines(nodeFiles('lab')['nfs/directories']);
    expect(directories).toEqual(
      expect.arrayContaining(['/share_storage 0 0 0755', '/share_storage/docker_registry 0 0 0755', '/share_storage/prometheus 65534 65534 0755', '/share_storage/grafana 472 472 0755']),
    );
  });

  test('every static NFS volume of the output has its directory', () => {
    const output = synthesizeCluster(exampleCluster('lab'));
    const paths = output.manifests.flatMap((manifest) => manifest.objects).filter((object) => object.kind === 'PersistentVolume').map((object: any) => object.spec.nfs.path.replace(/\/$/, ''));
    const listed = lines(output.files.get('nodes/nfs/directories')!).map((line) => line.split(' ')[0]);
    expect(listed).toEqual(expect.arrayContaining(paths));
  });

  test('firewall ports per role follow seed 003 and what the cluster runs', () => {
    const files = nodeFiles('lab');
    const ports = (role: string) => lines(files[`firewall/${role}.ports`]).map((line) => line.split(/\s+/)[0]);
    expect(ports('control-plane')).toEqual(expect.arrayContaining(['6443/tcp', '2379-2380/tcp', '10250/tcp', '10257/tcp', '10259/tcp', '30000-32767/tcp', '8472/udp', '7946/tcp', '7946/udp', '32334/tcp', '30570/tcp']));
    expect(ports('worker')).toEqual(expect.arrayContaining(['10250/tcp', '30000-32767/tcp', '8472/udp', '7946/tcp', '7946/udp', '32334/tcp', '30570/tcp']));
    expect(ports('worker')).not.toContain('6443/tcp');
    expect(ports('haproxy')).toEqual(['80/tcp', '443/tcp']);
    expect(ports('nfs-server')).toContain('2049/tcp');
  });

  test('host-gw Flannel and no MetalLB open neither VXLAN nor memberlist', () => {
    const rules = firewallRoles({ flannel: { enabled: true, backend: 'host-gw', image: 'x:1', cniPluginImage: 'y:1' }, metalLb: false, haproxy: false, objects: [] });
    const ports = rules.worker.map((rule) => rule.port);
    expect(ports).not.toContain(8472);
    expect(ports).not.toContain(7946);
    expect(rules.haproxy).toBeUndefined();
  });

  test('node labels reach kubelet --node-labels when a kubelet may set them, and nodes/labels always', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.nodes[1].labels = { 'topology.kubernetes.io/zone': 'KR', 'node-role.kubernetes.io/worker': '' };
    });
    const output = synthesizeCluster(cluster);
    const join = (yaml.loadAll(output.files.get('nodes/kubeadm/test-node1.yaml')!) as any[])[0];
    expect(join.nodeRegistration.kubeletExtraArgs).toContainEqual({ name: 'node-labels', value: 'topology.kubernetes.io/zone=KR' });
    expect(lines(output.files.get('nodes/labels')!)).toEqual(['test-node1 node-role.kubernetes.io/worker=', 'test-node1 topology.kubernetes.io/zone=KR']);
  });

  test('with an image mirror, kubeadm pulls the control plane from it', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.images = { mirror: 'mirror.localtest.com/k8s' };
    });
    const init = yaml.loadAll(synthesizeCluster(cluster).files.get('nodes/kubeadm/test-master.yaml')!) as any[];
    expect(init[1].imageRepository).toBe('mirror.localtest.com/k8s');
  });

  test('the chart has no API objects, so synth writes no manifest for it', () => {
    const cluster = exampleCluster('lab');
    const chart = new NodeSetupChart(new App({ outdir: 'unused' }), 'nodes', {
      clusterName: cluster.name,
      kubernetesVersion: cluster.spec.kubernetesVersion,
      controlPlaneEndpoint: cluster.spec.controlPlaneEndpoint,
      network: cluster.spec.network,
      nodes: cluster.spec.nodes.map((node) => ({ ...node, labels: {} })),
      registry: cluster.spec.registry,
      nfs: cluster.spec.nfs,
      flannel: cluster.spec.networking.flannel,
      metalLb: true,
      haproxy: true,
    });
    chart.addClusterObjects([]);
    expect(chart.toJson()).toEqual([]);
    expect(() => chart.addClusterObjects([])).toThrow('nodes: the cluster\'s objects were already added');
    expect(synthesizeCluster(cluster).manifests.map((manifest) => manifest.chart)).not.toContain('nodes');
  });

  test('an NFS directory written by pods of two users is shared (0777) and root\'s', () => {
    const pv = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { nfs: { server: '10.0.0.1', path: '/x/data' }, claimRef: { namespace: 'ns', name: 'claim' } } });
    const pod = (name: string, uid: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'ns' },
      spec: { securityContext: { runAsUser: uid }, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'claim' } }], containers: [{ name: 'c', image: 'i:1', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] },
    });
    const directories = nfsDirectories([pv('pv-x'), pod('a', 1000), pod('b', 2000)], { server: '10.0.0.1', exportPath: '/x' });
    expect(directories.find((directory) => directory.path === '/x/data')).toMatchObject({ uid: 0, gid: 0, mode: '0777' });
  });
});
