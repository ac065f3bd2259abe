import { Chart, Testing } from 'cdk8s';
import { OpenMcpInfluxDb, OpenMcpInfluxDbProps } from '../../src/constructs/openmcp-influxdb';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

const NFS = { server: '10.0.3.12', exportPath: '/nfs/openmcp' };

function synth(props: OpenMcpInfluxDbProps) {
  const chart = new Chart(Testing.app(), 'test');
  const influx = new OpenMcpInfluxDb(chart, 'InfluxDb', props);
  return { chart, influx, objects: Testing.synth(chart) };
}

describe('OpenMcpInfluxDb', () => {
  test('minimal: upstream\'s names, data on NFS, credentials from the supplied influxdb-creds', () => {
    // GIVEN / WHEN
    const { objects, chart, influx } = synth({ nfs: NFS, nodePort: 30003 });
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'PersistentVolume', 'pv-influxdb').spec).toMatchObject({
      capacity: { storage: '2Gi' },
      accessModes: ['ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      nfs: { server: '10.0.3.12', path: '/nfs/openmcp/influxdb' },
      claimRef: { namespace: 'openmcp', name: 'pvc-influxdb' },
    });
    const deployment = findObject(objects, 'Deployment', 'influxdb');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'influxdb' });
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('influxdb:1.8.10');
    expect(container.envFrom).toEqual([{ secretRef: { name: 'influxdb-creds' } }]);
    expect(container.env).toContainEqual({ name: 'INFLUXDB_HTTP_AUTH_ENABLED', value: 'true' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ping', port: 'http' });
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/influxdb' });
    expect(findObject(objects, 'Service', 'influxdb').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 8086, targetPort: 'http', nodePort: 30003 }] });
    const secrets = chart.node.findAll().filter((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret);
    expect(secrets.map((secret) => [secret.namespace, secret.secretName, Object.keys(secret.keys)])).toEqual([
      ['openmcp', 'influxdb-creds', ['INFLUXDB_DATABASE', 'INFLUXDB_USERNAME', 'INFLUXDB_PASSWORD', 'INFLUXDB_HOST']],
    ]);
    expect([influx.nodePort, influx.port]).toEqual([30003, 8086]);
  });

  test('all props', () => {
    // GIVEN
    const all: Required<OpenMcpInfluxDbProps> = { nfs: NFS, nodePort: 31051, namespace: 'metrics', image: 'influxdb:1.8.10', storageSize: '5Gi', imagePullSecrets: ['regcred'] };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'PersistentVolumeClaim', 'pvc-influxdb').metadata.namespace).toBe('metrics');
    expect(findObject(objects, 'Service', 'influxdb').spec.ports[0].nodePort).toBe(31051);
  });

  test('fails on a NodePort outside the range', () => {
    expect(() => synth({ nfs: NFS, nodePort: 8086 })).toThrow("InfluxDB: 'nodePort' must be an integer from 30000 to 32767 (got 8086)");
  });
});
