import { Chart, Testing } from 'cdk8s';
import { CsiNfsController } from '../../src/constructs/csi-nfs-controller';
import { CsiNfsNode } from '../../src/constructs/csi-nfs-node';
import { findObject } from '../helpers';

const IMAGES = { driverImage: 'example/nfs:1', livenessProbeImage: 'example/probe:1' };

function synth(build: (chart: Chart) => void) {
  const chart = new Chart(Testing.app(), 'test');
  build(chart);
  return Testing.synth(chart);
}

describe('csi-driver-nfs parts', () => {
  test('the controller runs the provisioner, the probe and the driver from the images given, bound to its ClusterRole', () => {
    const objects = synth((chart) => new CsiNfsController(chart, 'Controller', { namespace: 'nfs', provisionerImage: 'example/provisioner:1', ...IMAGES }));
    const containers = findObject(objects, 'Deployment', 'csi-nfs-controller').spec.template.spec.containers;
    expect(containers.map((container: any) => `${container.name}=${container.image}`)).toEqual([
      'csi-provisioner=example/provisioner:1',
      'liveness-probe=example/probe:1',
      'nfs=example/nfs:1',
    ]);
    expect(findObject(objects, 'ClusterRoleBinding', 'nfs-csi-provisioner-binding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'csi-nfs-controller-sa', namespace: 'nfs' },
    ]);
  });

  test('the node plugin registers with the kubelet and shares its pod mounts both ways', () => {
    const objects = synth((chart) => new CsiNfsNode(chart, 'Node', { namespace: 'nfs', registrarImage: 'example/registrar:1', ...IMAGES }));
    const pod = findObject(objects, 'DaemonSet', 'csi-nfs-node').spec.template.spec;
    expect(pod.containers.map((container: any) => container.name)).toEqual(['liveness-probe', 'node-driver-registrar', 'nfs']);
    const registrar = pod.containers[1];
    expect(registrar.image).toBe('example/registrar:1');
    expect(registrar.env).toContainEqual({ name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/kubelet/plugins/csi-nfsplugin/csi.sock' });
    expect(pod.containers[2].volumeMounts).toContainEqual({ name: 'pods-mount-dir', mountPath: '/var/lib/kubelet/pods', mountPropagation: 'Bidirectional' });
    expect(pod.volumes.map((volume: any) => volume.hostPath?.path)).toEqual([
      '/var/lib/kubelet/plugins/csi-nfsplugin',
      '/var/lib/kubelet/pods',
      '/var/lib/kubelet/plugins_registry',
    ]);
  });
});
