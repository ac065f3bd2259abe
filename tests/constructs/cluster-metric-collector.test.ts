import { Chart, Testing } from 'cdk8s';
import { ClusterMetricCollector, ClusterMetricCollectorProps } from '../../src/constructs/cluster-metric-collector';
import { waiversOf } from '../../src/constructs/policy-waiver';
import { findObject } from '../helpers';

const MINIMAL: ClusterMetricCollectorProps = { clusterName: 'cluster1', grpcServer: '10.0.3.30', grpcPort: 30002 };

function synth(props: ClusterMetricCollectorProps) {
  const chart = new Chart(Testing.app(), 'test');
  const collector = new ClusterMetricCollector(chart, 'Collector', props);
  return { collector, objects: Testing.synth(chart) };
}

describe('ClusterMetricCollector', () => {
  test('minimal: reports to the master\'s gRPC NodePort under the member\'s name, in the host network, with read-only RBAC', () => {
    // GIVEN / WHEN
    const { objects, collector } = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    const deployment = findObject(objects, 'Deployment', 'cluster-metric-collector');
    expect(deployment.spec.selector.matchLabels).toEqual({ name: 'cluster-metric-collector' });
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', serviceAccountName: 'cluster-metric-collector' });
    expect(pod.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'GRPC_SERVER', value: '10.0.3.30' },
      { name: 'GRPC_PORT', value: '30002' },
      { name: 'CLUSTER_NAME', value: 'cluster1' },
    ]));
    expect(findObject(objects, 'ClusterRoleBinding', 'cluster-metric-collector').roleRef.name).toBe('cluster-metric-collector');
    const verbs = findObject(objects, 'ClusterRole', 'cluster-metric-collector').rules.flatMap((rule: any) => rule.verbs);
    expect(verbs.every((verb: string) => ['get', 'list', 'watch'].includes(verb))).toBe(true);
    expect(waiversOf(collector.deployment.apiObject).map((waiver) => waiver.rule)).toEqual(['host-network', 'readiness-probe']);
  });

  test('all props: outside the host network no host-network waiver is declared', () => {
    // GIVEN
    const all: Required<ClusterMetricCollectorProps> = { ...MINIMAL, grpcPort: 3212, namespace: 'metrics', image: 'ketidevit2/cluster-metric-collector:v0.0.1', imagePullSecrets: ['regcred'], hostNetwork: false, customMetricsNamespace: 'metrics-api' };
    // WHEN
    const { objects, collector } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'Deployment', 'cluster-metric-collector').spec.template.spec.hostNetwork).toBeUndefined();
    expect(waiversOf(collector.deployment.apiObject).map((waiver) => waiver.rule)).toEqual(['readiness-probe']);
    expect(findObject(objects, 'Role', 'cluster-metric-collector-custom-metrics-writer').metadata.namespace).toBe('metrics-api');
  });

  test('may list ReplicaSets and post into the custom-metrics API through the service proxy, as customMetrics.go does', () => {
    // GIVEN / WHEN
    const { objects } = synth(MINIMAL);
    // THEN
    expect(findObject(objects, 'ClusterRole', 'cluster-metric-collector').rules).toContainEqual({ apiGroups: ['apps'], resources: ['replicasets'], verbs: ['list'] });
    const writer = findObject(objects, 'Role', 'cluster-metric-collector-custom-metrics-writer');
    expect([writer.metadata.namespace, writer.rules]).toEqual(['custom-metrics', [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['create'] }]]);
    expect(findObject(objects, 'RoleBinding', 'cluster-metric-collector-custom-metrics-writer').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'cluster-metric-collector', namespace: 'openmcp' },
    ]);
  });

  test('fails on a bad cluster name, master address or port', () => {
    expect(() => synth({ ...MINIMAL, clusterName: 'Cluster 1' })).toThrow("'clusterName' must be a cluster name");
    expect(() => synth({ ...MINIMAL, grpcServer: 'openmcp' })).toThrow("'grpcServer' must be the master's IPv4 address (got \"openmcp\")");
    expect(() => synth({ ...MINIMAL, grpcPort: 0 })).toThrow("'grpcPort' must be a port number from 1 to 65535 (got 0)");
  });
});
