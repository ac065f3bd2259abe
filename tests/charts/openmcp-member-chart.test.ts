import * as yaml from 'js-yaml';
import { OpenMcpMemberChart } from '../../src/charts/openmcp-member-chart';
import { parseClusterFile } from '../../src/config/load';
import { openMcpMember } from '../../src/config/openmcp';
import { resolveOpenMcpFleet } from '../../src/config/openmcp-fleet';
import { PrivateRegistry } from '../../src/constructs/private-registry';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleCluster, exampleDocument, findObject, newApp } from '../helpers';

const REGISTRY = new PrivateRegistry({ host: 'registry.openmcp.local', pullSecretName: 'regcred' });

function openmcpObjects(output: ReturnType<typeof synthesizeCluster>) {
  return output.manifests.find((manifest) => manifest.chart === 'openmcp')!.objects;
}

function collectorEnv(objects: readonly any[]): Record<string, string> {
  const container = findObject(objects, 'Deployment', 'cluster-metric-collector').spec.template.spec.containers[0];
  return Object.fromEntries(container.env.filter((variable: any) => variable.value !== undefined).map((variable: any) => [variable.name, variable.value]));
}

describe('OpenMcpMemberChart', () => {
  describe('in the cluster1 example', () => {
    const output = synthesizeCluster(exampleCluster('cluster1'));
    const objects = openmcpObjects(output);

    test('passes every output check without warnings, after metrics-server', () => {
      expect(output.check.failures).toEqual([]);
      expect(output.check.warnings).toEqual([]);
      const charts = output.manifests.map((manifest) => manifest.chart);
      expect(charts.indexOf('openmcp')).toBeGreaterThan(charts.indexOf('metrics'));
      expect(objects).toMatchSnapshot();
    });

    test('the metric collector reports to the master\'s external IP and metric collector NodePort under the member\'s name', () => {
      expect(collectorEnv(objects)).toMatchObject({ GRPC_SERVER: '10.0.3.30', GRPC_PORT: '30002', CLUSTER_NAME: 'cluster1' });
      expect(findObject(objects, 'Namespace', 'openmcp').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    });

    test('the custom-metrics API server the collector writes into, from the site registry', () => {
      const deployment = findObject(objects, 'Deployment', 'custom-metrics-apiserver');
      expect(deployment.metadata.namespace).toBe('custom-metrics');
      expect(deployment.spec.template.spec.containers[0].image).toBe('registry.openmcp.local/k8s-test-metrics-adapter-amd64:0.1.0');
      expect(findObject(objects, 'Namespace', 'custom-metrics')).toBeDefined();
      expect(findObject(objects, 'Service', 'custom-metrics-apiserver').spec.ports.map((port: any) => port.name)).toEqual(['https', 'http']);
      expect(findObject(objects, 'APIService', 'v1beta1.custom.metrics.k8s.io').spec.service).toEqual({ name: 'custom-metrics-apiserver', namespace: 'custom-metrics', port: 443 });
      expect(findObject(objects, 'Role', 'cluster-metric-collector-custom-metrics-writer').metadata.namespace).toBe('custom-metrics');
    });

    test('the VPA is installed in kube-system with its certificate Secret supplied', () => {
      expect(findObject(objects, 'Deployment', 'vpa-recommender').metadata.namespace).toBe('kube-system');
      expect(output.suppliedSecrets).toContainEqual(expect.objectContaining({ namespace: 'kube-system', name: 'vpa-tls-certs' }));
    });

    test('writes nodes/openmcp/join.env for the join scripts', () => {
      expect(output.files.get('nodes/openmcp/join.env')).toBe(
        '# OpenMCP join settings of this member cluster, for the join scripts (kubefed registration on the master).\n' +
          'MASTER=openmcp\nMASTER_IP=10.0.3.30\nCLUSTER_NAME=cluster1\nREGION=AS\nZONE=KR\n',
      );
    });

    test('the ingress controller has a MetalLB address and publishes it into Ingress status, where OpenMCP\'s DNS records point', () => {
      const ingress = output.manifests.find((manifest) => manifest.chart === 'ingress')!.objects;
      expect(findObject(ingress, 'Service', 'traefik').spec.type).toBe('LoadBalancer');
      const args = findObject(ingress, 'Deployment', 'traefik').spec.template.spec.containers[0].args;
      expect(args).toContain('--providers.kubernetesingress.ingressendpoint.publishedservice=traefik/traefik');
    });

    test('CoreDNS forwards to the master\'s PowerDNS', () => {
      const networking = output.manifests.find((manifest) => manifest.chart === 'networking')!.objects;
      expect(findObject(networking, 'ConfigMap', 'coredns').data.Corefile).toContain('forward . 10.0.3.12 {');
    });
  });

  test('follows the master\'s configuration: another metric collector NodePort and external IP', () => {
    // GIVEN: the master changed, the member file not
    const master = clusterWith('openmcp', (document) => {
      document.spec.openmcp.metricCollectorNodePort = 32051;
      document.spec.openmcp.externalIp = '10.0.3.31';
    });
    const [member] = resolveOpenMcpFleet([exampleCluster('cluster1'), master]);
    // WHEN
    const objects = openmcpObjects(synthesizeCluster(member));
    // THEN
    expect(collectorEnv(objects)).toMatchObject({ GRPC_SERVER: '10.0.3.31', GRPC_PORT: '32051' });
  });

  test('a member outside the master\'s network reports to the external port; the VPA can be left out', () => {
    const output = synthesizeCluster(clusterWith('cluster2', (document) => {
      document.spec.openmcp.outsideMasterNetwork = true;
      document.spec.openmcp.vpa = { enabled: false };
    }));
    const objects = openmcpObjects(output);
    expect(collectorEnv(objects)).toMatchObject({ GRPC_PORT: '3212', CLUSTER_NAME: 'cluster2' });
    expect(objects.some((object) => object.metadata.name.startsWith('vpa-'))).toBe(false);
    expect(output.check.failures).toEqual([]);
  });

  test('fails when the member was loaded without its master', () => {
    // GIVEN: the member file parsed on its own
    const alone = parseClusterFile('clusters/cluster1.yaml', yaml.dump(exampleDocument('cluster1'))).cluster!;
    // THEN
    expect(() => new OpenMcpMemberChart(newApp(), 'openmcp', { clusterName: alone.name, openmcp: openMcpMember(alone)!, registry: REGISTRY })).toThrow(
      "openmcp: the settings of master 'openmcp' are unknown; synthesize member 'cluster1' from the whole cluster folder (loadClusters)",
    );
  });
});
