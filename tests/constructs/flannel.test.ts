import { Chart, Testing } from 'cdk8s';
import { Flannel, FlannelProps } from '../../src/constructs/flannel';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE } from '../../src/versions/images';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

const MINIMAL: FlannelProps = { podCidr: '10.244.0.0/16' };

function synth(props: FlannelProps) {
  const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'networking' } });
  const flannel = new Flannel(chart, 'Flannel', props);
  return { flannel, objects: Testing.synth(chart) };
}

function netConf(objects: any[]): any {
  return JSON.parse(findObject(objects, 'ConfigMap', 'kube-flannel-cfg').data['net-conf.json']);
}

describe('Flannel', () => {
  test('minimal: upstream objects in kube-flannel, vxlan over the pod CIDR', () => {
    // GIVEN / WHEN
    const { objects, flannel } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/kube-flannel/flannel',
      'ClusterRole//flannel',
      'ClusterRoleBinding//flannel',
      'ConfigMap/kube-flannel/kube-flannel-cfg',
      'DaemonSet/kube-flannel/kube-flannel-ds',
    ]);
    expect(netConf(objects)).toEqual({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } });
    expect(flannel.backend).toBe('vxlan');
  });

  test('the pod CIDR lands in net-conf.json', () => {
    const { objects } = synth({ podCidr: '10.245.0.0/16' });
    expect(netConf(objects).Network).toBe('10.245.0.0/16');
  });

  test('host-gw backend', () => {
    const { objects } = synth({ ...MINIMAL, backend: 'host-gw' });
    expect(netConf(objects).Backend).toEqual({ Type: 'host-gw' });
  });

  test('installs the CNI config the kubelet reads: flannel delegating to the bridge, plus portmap', () => {
    const { objects } = synth(MINIMAL);
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'kube-flannel-cfg').data['cni-conf.json'])).toEqual({
      name: 'cbr0',
      cniVersion: '0.3.1',
      plugins: [
        { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    });
  });

  test('grants exactly the upstream RBAC to the flannel ServiceAccount', () => {
    const { objects } = synth(MINIMAL);
    expect(findObject(objects, 'ClusterRole', 'flannel').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
    ]);
    expect(findObject(objects, 'ClusterRoleBinding', 'flannel').subjects).toEqual([{ kind: 'ServiceAccount', name: 'flannel', namespace: 'kube-flannel' }]);
  });

  test('DaemonSet: upstream selector, host network, node-critical on every node, init containers that install the CNI', () => {
    const { objects } = synth(MINIMAL);
    const daemonSet = findObject(objects, 'DaemonSet', 'kube-flannel-ds');
    expect(daemonSet.spec.selector.matchLabels).toEqual({ app: 'flannel', 'k8s-app': 'flannel' });
    const pod = daemonSet.spec.template.spec;
    expect(pod).toMatchObject({
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'flannel',
      automountServiceAccountToken: true,
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
    });
    expect(pod.initContainers.map((container: any) => [container.name, container.image, container.command, container.args])).toEqual([
      ['install-cni-plugin', FLANNEL_CNI_PLUGIN_IMAGE, ['cp'], ['-f', '/flannel', '/opt/cni/bin/flannel']],
      ['install-cni', FLANNEL_IMAGE, ['cp'], ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist']],
    ]);
    expect(pod.volumes).toEqual([
      { name: 'run', hostPath: { path: '/run/flannel' } },
      { name: 'cni-plugin', hostPath: { path: '/opt/cni/bin' } },
      { name: 'cni', hostPath: { path: '/etc/cni/net.d' } },
      { name: 'flannel-cfg', configMap: { name: 'kube-flannel-cfg' } },
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
    ]);
  });

  test('flanneld is not privileged: NET_ADMIN and NET_RAW only, every container with requests and a memory limit', () => {
    const { objects } = synth(MINIMAL);
    const pod = findObject(objects, 'DaemonSet', 'kube-flannel-ds').spec.template.spec;
    const flanneld = pod.containers[0];
    expect(flanneld.securityContext.privileged).toBeUndefined();
    expect(flanneld.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } });
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
    }
    for (const init of pod.initContainers) {
      expect(init.securityContext).toMatchObject({ capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
      expect(init.securityContext.capabilities.add).toBeUndefined();
    }
  });

  test('is ready on /readyz and live on /healthz of --healthz-port', () => {
    const { objects } = synth(MINIMAL);
    const container = objects.find((object: any) => object.kind === 'DaemonSet').spec.template.spec.containers[0];
    expect(container.args).toContain('--healthz-port=8081');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8081 });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 8081 });
  });

  test('declares its host network and host path, and nothing else', () => {
    const { flannel } = synth(MINIMAL);
    expect(waiversOf(flannel.daemonSet.apiObject).map((waiver) => waiver.rule)).toEqual(['host-network', 'host-path']);
  });

  test('all props', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<FlannelProps> = {
      podCidr: '10.246.0.0/16',
      backend: 'host-gw',
      namespace: 'cni',
      image: 'registry.openmcp.local/flannel:v0.27.4',
      cniPluginImage: 'registry.openmcp.local/flannel-cni-plugin:v1.8.0-flannel1',
      resources: { cpu: '200m', memory: '64Mi', memoryLimit: '256Mi' },
    };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    const daemonSet = findObject(objects, 'DaemonSet', 'kube-flannel-ds');
    expect(daemonSet.metadata.namespace).toBe('cni');
    expect(findObject(objects, 'ClusterRoleBinding', 'flannel').subjects[0].namespace).toBe('cni');
    const pod = daemonSet.spec.template.spec;
    expect(pod.initContainers.map((container: any) => container.image)).toEqual([all.cniPluginImage, all.image]);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '200m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(netConf(objects)).toEqual({ Network: '10.246.0.0/16', EnableNFTables: false, Backend: { Type: 'host-gw' } });
  });

  test('fails when the pod CIDR is malformed or smaller than a node subnet', () => {
    expect(() => synth({ podCidr: '10.244.0.0' })).toThrow("Flannel: 'podCidr' must be an IPv4 network such as 10.244.0.0/16 (got \"10.244.0.0\")");
    expect(() => synth({ podCidr: '10.244.0.0/25' })).toThrow("Flannel: 'podCidr' 10.244.0.0/25 is smaller than one node's /24 subnet");
  });

  test('fails on an unknown backend', () => {
    expect(() => synth({ ...MINIMAL, backend: 'udp' as any })).toThrow("Flannel: 'backend' must be one of vxlan, host-gw (got \"udp\")");
  });
});
