import { Chart, Testing } from 'cdk8s';
import { NodeExporter, NodeExporterProps } from '../../src/constructs/node-exporter';
import { NODE_EXPORTER_IMAGE } from '../../src/versions/images';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

const MINIMAL: NodeExporterProps = { namespace: 'node-exporter' };

function synth(props: NodeExporterProps) {
  const chart = new Chart(Testing.app(), 'test');
  const exporter = new NodeExporter(chart, 'NodeExporter', props);
  return { exporter, objects: Testing.synth(chart) };
}

describe('NodeExporter', () => {
  test('minimal: one pod per node on the host network, port 9100, reading the host root read-only', () => {
    // GIVEN / WHEN
    const { objects, exporter } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(exporter.port).toBe(9100);
    const pod = findObject(objects, 'DaemonSet', 'node-exporter').spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, hostPID: true, automountServiceAccountToken: false, tolerations: [{ operator: 'Exists' }] });
    const container = pod.containers[0];
    expect(container.image).toBe(NODE_EXPORTER_IMAGE);
    expect(container.args.slice(0, 2)).toEqual(['--path.rootfs=/host', '--web.listen-address=:9100']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/metrics', port: 9100 });
    expect(container.volumeMounts).toEqual([{ name: 'root', mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' }]);
    expect(pod.volumes).toEqual([{ name: 'root', hostPath: { path: '/', type: 'Directory' } }]);
  });

  test('runs as nobody without capabilities or privilege escalation', () => {
    const { objects } = synth(MINIMAL);
    const pod = findObject(objects, 'DaemonSet', 'node-exporter').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true,
    });
    expect(pod.containers[0].securityContext.privileged).toBeUndefined();
  });

  test('all props', () => {
    const all: Required<NodeExporterProps> = { ...MINIMAL, port: 9111, image: 'mirror.local/node-exporter:v1.12.1' };
    const { objects } = synth(all);
    expect(objects).toMatchSnapshot();
    const container = findObject(objects, 'DaemonSet', 'node-exporter').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9111, protocol: 'TCP' }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/', port: 9111 });
  });

  test('declares why it needs the host network, host PID and the host root', () => {
    const { exporter } = synth(MINIMAL);
    expect(waiversOf(exporter.daemonSet.apiObject).map((waiver) => waiver.rule)).toEqual(['host-network', 'host-pid', 'host-path']);
  });

  test('fails when the port is no port number', () => {
    expect(() => synth({ ...MINIMAL, port: 70000 })).toThrow("node_exporter: 'port' must be a port number from 1 to 65535 (got 70000)");
  });
});
