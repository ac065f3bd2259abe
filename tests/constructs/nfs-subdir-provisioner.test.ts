import { Chart, Testing } from 'cdk8s';
import { NFS_SUBDIR_PROVISIONER, NfsSubdirProvisioner, NfsSubdirProvisionerProps } from '../../src/constructs/nfs-subdir-provisioner';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

const MINIMAL: NfsSubdirProvisionerProps = { namespace: 'nfs-provisioner', nfs: { server: '10.0.3.12', exportPath: '/nfs/openmcp' } };

function synth(props: NfsSubdirProvisionerProps) {
  const chart = new Chart(Testing.app(), 'test');
  const provisioner = new NfsSubdirProvisioner(chart, 'Provisioner', props);
  return { provisioner, objects: Testing.synth(chart) };
}

describe('NfsSubdirProvisioner', () => {
  test('minimal: the default StorageClass backed by the export', () => {
    const { objects, provisioner } = synth(MINIMAL);
    expect(objects).toMatchSnapshot();
    const storageClass = findObject(objects, 'StorageClass', 'nfs-client');
    expect(storageClass.provisioner).toBe(NFS_SUBDIR_PROVISIONER);
    expect(storageClass.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(storageClass.parameters).toEqual({ archiveOnDelete: 'true' });
    const container = findObject(objects, 'Deployment', 'nfs-client-provisioner').spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'PROVISIONER_NAME', value: NFS_SUBDIR_PROVISIONER },
      { name: 'NFS_SERVER', value: '10.0.3.12' },
      { name: 'NFS_PATH', value: '/nfs/openmcp' },
    ]);
    expect(provisioner.storageClassName).toBe('nfs-client');
  });

  test('grants exactly the upstream RBAC and mounts the token it needs', () => {
    const { objects } = synth(MINIMAL);
    expect(findObject(objects, 'ClusterRole', 'nfs-client-provisioner-runner').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
    ]);
    const pod = findObject(objects, 'Deployment', 'nfs-client-provisioner').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('nfs-client-provisioner');
  });

  test('all props', () => {
    const all: Required<NfsSubdirProvisionerProps> = { ...MINIMAL, image: 'mirror.local/nfs-subdir-external-provisioner:v4.0.2', storageClassName: 'nfs', isDefaultClass: false, reclaimPolicy: 'Retain', archiveOnDelete: false };
    const { objects } = synth(all);
    expect(objects).toMatchSnapshot();
    const storageClass = findObject(objects, 'StorageClass', 'nfs');
    expect(storageClass).toMatchObject({ reclaimPolicy: 'Retain', parameters: { archiveOnDelete: 'false' } });
    expect(storageClass.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('false');
  });

  test('declares why it has no readiness probe', () => {
    const chart = new Chart(Testing.app(), 'test');
    new NfsSubdirProvisioner(chart, 'Provisioner', MINIMAL);
    const deployment = chart.node.findAll().find((construct) => (construct as any).kind === 'Deployment') as any;
    expect(waiversOf(deployment).map((waiver) => waiver.rule)).toEqual(['readiness-probe']);
  });
});
