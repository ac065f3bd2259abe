import { Chart, Testing } from 'cdk8s';
import { NfsVolume, NfsVolumeProps } from '../../src/constructs/nfs-volume';
import { findObject } from '../helpers';

const MINIMAL: NfsVolumeProps = {
  appName: 'demo',
  component: 'storage',
  volumeName: 'demo',
  namespace: 'demo',
  nfs: { server: '192.168.111.177', exportPath: '/share_storage' },
  subdirectory: 'demo_data',
  size: '1Gi',
};

function synth(props: NfsVolumeProps) {
  const chart = new Chart(Testing.app(), 'test');
  const volume = new NfsVolume(chart, 'Volume', props);
  return { volume, objects: Testing.synth(chart) };
}

describe('NfsVolume', () => {
  test('minimal: a PV and a PVC bound to each other, outside every StorageClass', () => {
    // WHEN
    const { volume, objects } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    const pv = findObject(objects, 'PersistentVolume', 'pv-demo');
    const pvc = findObject(objects, 'PersistentVolumeClaim', 'pvc-demo');
    expect(pv.spec.nfs).toEqual({ server: '192.168.111.177', path: '/share_storage/demo_data' });
    expect(pv.spec.claimRef).toEqual({ namespace: 'demo', name: 'pvc-demo' });
    expect(pv.spec.storageClassName).toBe('');
    expect(pvc.spec).toMatchObject({ volumeName: 'pv-demo', storageClassName: '', accessModes: ['ReadWriteMany'] });
    expect(pv.metadata.namespace).toBeUndefined();
    expect(volume.claimName).toBe('pvc-demo');
  });

  test('all props', () => {
    const all: Required<NfsVolumeProps> = { ...MINIMAL, accessModes: ['ReadWriteOnce'], reclaimPolicy: 'Delete' };
    const { objects } = synth(all);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'PersistentVolume', 'pv-demo').spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  test.each(['/abs', '../escape', ''])('fails when the subdirectory is %j', (subdirectory) => {
    expect(() => synth({ ...MINIMAL, subdirectory })).toThrow("'subdirectory' must be a relative path inside the export");
  });
});
