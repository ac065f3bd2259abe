import { Chart, Testing } from 'cdk8s';
import { CustomMetricsApiServer, CustomMetricsApiServerProps } from '../../src/constructs/custom-metrics-api-server';
import { findObject } from '../helpers';

const MINIMAL: CustomMetricsApiServerProps = { image: 'registry.openmcp.local/k8s-test-metrics-adapter-amd64:0.1.0' };

function synth(props: CustomMetricsApiServerProps) {
  const chart = new Chart(Testing.app(), 'test');
  new CustomMetricsApiServer(chart, 'CustomMetrics', props);
  return Testing.synth(chart);
}

describe('CustomMetricsApiServer', () => {
  test('minimal: upstream\'s names, the http port the collector posts to, and the v1beta1 APIService', () => {
    // GIVEN / WHEN
    const objects = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    const deployment = findObject(objects, 'Deployment', 'custom-metrics-apiserver');
    expect(deployment.metadata.namespace).toBe('custom-metrics');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.args).toContain('--cert-dir=/tmp/certificates');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    // customMetrics.go: POST .../namespaces/custom-metrics/services/custom-metrics-apiserver:http/proxy/write-metrics/...
    const service = findObject(objects, 'Service', 'custom-metrics-apiserver');
    expect(service.metadata.namespace).toBe('custom-metrics');
    expect(service.spec.ports).toEqual([
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
    ]);
    const apiService = findObject(objects, 'APIService', 'v1beta1.custom.metrics.k8s.io');
    expect(apiService.apiVersion).toBe('apiregistration.k8s.io/v1');
    expect(apiService.spec).toMatchObject({ group: 'custom.metrics.k8s.io', version: 'v1beta1', service: { name: 'custom-metrics-apiserver', namespace: 'custom-metrics', port: 443 } });
    expect(findObject(objects, 'ClusterRoleBinding', 'custom-metrics:system:auth-delegator').roleRef.name).toBe('system:auth-delegator');
    expect(findObject(objects, 'RoleBinding', 'custom-metrics-auth-reader').metadata.namespace).toBe('kube-system');
  });

  test('all props', () => {
    const all: Required<CustomMetricsApiServerProps> = { ...MINIMAL, imagePullSecrets: ['regcred'], namespace: 'metrics-api' };
    const objects = synth(all);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'Deployment', 'custom-metrics-apiserver').spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  test('fails on an unpinned image', () => {
    expect(() => synth({ image: 'openmcp/k8s-test-metrics-adapter-amd64:latest' })).toThrow("custom-metrics-apiserver: 'image' must be pinned to a tag other than latest or a digest");
    expect(() => synth({ image: 'openmcp/k8s-test-metrics-adapter-amd64' })).toThrow("'image' must be pinned");
  });
});
