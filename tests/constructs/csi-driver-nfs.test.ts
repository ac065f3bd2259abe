import { Chart, Testing } from 'cdk8s';
import { CsiDriverNfs, CsiDriverNfsProps, NFS_CSI_DRIVER, NFS_CSI_SUBDIR } from '../../src/constructs/csi-driver-nfs';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

const MINIMAL: CsiDriverNfsProps = { namespace: 'csi-driver-nfs', nfs: { server: '10.0.3.12', exportPath: '/nfs/openmcp' } };

function synth(props: CsiDriverNfsProps) {
  const chart = new Chart(Testing.app(), 'test');
  const driver = new CsiDriverNfs(chart, 'Driver', props);
  return { driver, objects: Testing.synth(chart) };
}

describe('CsiDriverNfs', () => {
  test('minimal: the default StorageClass nfs-client backed by the export through the CSI driver', () => {
    // GIVEN / WHEN
    const { objects, driver } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(driver.storageClassName).toBe('nfs-client');
    const storageClass = findObject(objects, 'StorageClass', 'nfs-client');
    expect(storageClass.provisioner).toBe(NFS_CSI_DRIVER);
    expect(storageClass.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(storageClass.parameters).toEqual({
      server: '10.0.3.12', share: '/nfs/openmcp', subDir: NFS_CSI_SUBDIR, onDelete: 'archive', mountPermissions: '0777',
    });
    expect(findObject(objects, 'CSIDriver', NFS_CSI_DRIVER).spec).toEqual({ attachRequired: false, volumeLifecycleModes: ['Persistent'], fsGroupPolicy: 'File' });
  });

  test('keeps the subdir provisioner\'s directory names', () => {
    expect(NFS_CSI_SUBDIR).toBe('${pvc.metadata.namespace}-${pvc.metadata.name}-${pv.metadata.name}');
  });

  test('runs a controller and a node plugin on every node, registered with the kubelet', () => {
    const { objects } = synth(MINIMAL);
    const controller = findObject(objects, 'Deployment', 'csi-nfs-controller').spec.template.spec;
    expect(controller.containers.map((container: any) => container.name)).toEqual(['csi-provisioner', 'liveness-probe', 'nfs']);
    expect(controller.automountServiceAccountToken).toBe(true);
    expect(controller.hostNetwork).toBe(true);
    const node = findObject(objects, 'DaemonSet', 'csi-nfs-node').spec.template.spec;
    expect(node.containers.map((container: any) => container.name)).toEqual(['liveness-probe', 'node-driver-registrar', 'nfs']);
    expect(node.automountServiceAccountToken).toBe(false);
    expect(node.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(node.containers[1].env[0]).toEqual({ name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/kubelet/plugins/csi-nfsplugin/csi.sock' });
    const nfs = node.containers[2];
    expect(nfs.securityContext).toMatchObject({ privileged: true, capabilities: { add: ['SYS_ADMIN'] }, readOnlyRootFilesystem: false });
    // The sidecar images run as root and reach the driver's root-owned socket: no runAsNonRoot the kubelet would refuse.
    for (const sidecar of [...node.containers.slice(0, 2), ...controller.containers.slice(0, 2)]) {
      expect(sidecar.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
    expect(nfs.volumeMounts[0]).toEqual({ name: 'pods-mount-dir', mountPath: '/var/lib/kubelet/pods', mountPropagation: 'Bidirectional' });
    expect(nfs.readinessProbe.httpGet).toEqual({ host: 'localhost', path: '/healthz', port: 29653 });
    expect(node.containers[0].args).toContain('--http-endpoint=localhost:29653');
  });

  test('grants the external provisioner exactly what it uses, and the node plugin nothing', () => {
    const { objects } = synth(MINIMAL);
    expect(findObject(objects, 'ClusterRole', 'nfs-external-provisioner-role').rules).toEqual([
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
    ]);
    expect(findObject(objects, 'ClusterRoleBinding', 'nfs-csi-provisioner-binding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'csi-nfs-controller-sa', namespace: 'csi-driver-nfs' },
    ]);
    expect(objects.filter((object) => object.kind.endsWith('Binding')).length).toBe(1);
  });

  test('all props', () => {
    const all: Required<CsiDriverNfsProps> = {
      ...MINIMAL, image: 'mirror.local/nfsplugin:v4.13.5', storageClassName: 'nfs', isDefaultClass: false, reclaimPolicy: 'Retain', archiveOnDelete: false,
    };
    const { objects } = synth(all);
    expect(objects).toMatchSnapshot();
    const storageClass = findObject(objects, 'StorageClass', 'nfs');
    expect(storageClass).toMatchObject({ reclaimPolicy: 'Retain', parameters: { onDelete: 'delete' } });
    expect(storageClass.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('false');
    expect(findObject(objects, 'DaemonSet', 'csi-nfs-node').spec.template.spec.containers[2].image).toBe('mirror.local/nfsplugin:v4.13.5');
  });

  test('declares why it needs privileges, the host network and host paths', () => {
    const { driver } = synth(MINIMAL);
    for (const workload of [driver.controller.apiObject, driver.nodePlugin.apiObject]) {
      expect(waiversOf(workload).map((waiver) => waiver.rule)).toEqual(['privileged', 'host-network', 'host-path', 'readiness-probe']);
    }
  });
});
