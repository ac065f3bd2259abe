import { OpenMcpMasterChart } from '../../src/charts/openmcp-master-chart';
import { checkSchemas } from '../../src/checks/schema-check';
import { openMcpMasterSettings } from '../../src/config/openmcp';
import { OPENMCP_CONTROLLERS } from '../../src/versions/component-options';
import { PrivateRegistry } from '../../src/constructs/private-registry';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleCluster, findObject, newApp, synthObjects, ownWarnings } from '../helpers';

/** Every controller hanok can run: the cluster manager is refused (see the configuration tests). */
const ALL_CONTROLLERS = (document: any) => (document.spec.openmcp.controllers = OPENMCP_CONTROLLERS.filter((name) => name !== 'openmcp-cluster-manager'));

function openmcpObjects(output: ReturnType<typeof synthesizeCluster>) {
  return output.manifests.find((manifest) => manifest.chart === 'openmcp')!.objects;
}

/** Every value of an environment variable over all containers of the objects. */
function envValues(objects: readonly any[], name: string): string[] {
  return objects
    .filter((object) => object.kind === 'Deployment')
    .flatMap((object) => object.spec.template.spec.containers)
    .flatMap((container: any) => container.env ?? [])
    .filter((variable: any) => variable.name === name)
    .map((variable: any) => variable.value);
}

describe('OpenMcpMasterChart', () => {
  describe('in the openmcp example cluster', () => {
    const output = synthesizeCluster(exampleCluster('openmcp'));
    const objects = openmcpObjects(output);

    test('passes every output check without warnings, after networking and storage', () => {
      expect(output.check.failures).toEqual([]);
      expect(ownWarnings(output.check.warnings)).toEqual([]);
      const charts = output.manifests.map((manifest) => manifest.chart);
      expect(charts.indexOf('openmcp')).toBeGreaterThan(charts.indexOf('networking'));
      expect(objects).toMatchSnapshot();
    });

    test('the 21 CRDs: openmcp.k8s.io/v1alpha1, namespaced, with status, plurals and short names as upstream serves them', () => {
      const crds = objects.filter((object) => object.kind === 'CustomResourceDefinition') as any[];
      expect(crds).toHaveLength(21);
      for (const crd of crds) {
        const { group, scope, names, versions } = crd.spec;
        expect([group, scope, versions.map((version: any) => [version.name, version.subresources])]).toEqual(['openmcp.k8s.io', 'Namespaced', [['v1alpha1', { status: {} }]]]);
        // Upstream's CRD files and generated clientset: kind + s, except OpenMCPIngress (`/openmcpingresses`).
        expect(names.plural).toBe(names.kind === 'OpenMCPIngress' ? 'openmcpingresses' : `${names.kind.toLowerCase()}s`);
        expect(crd.metadata.name).toBe(`${names.plural}.openmcp.k8s.io`);
        expect(crd.metadata.annotations['api-approved.kubernetes.io']).toMatch(/^unapproved, /);
      }
      // Upstream's crds/CRD_*.yaml short names; OpenMCPDNSEndpoint, OpenMCPDomain and Sync declare none.
      const shortNames = Object.fromEntries(crds.map((crd) => [crd.spec.names.kind, (crd.spec.names.shortNames ?? []).join(',')]));
      expect(shortNames).toEqual({
        OpenMCPCluster: 'oc', OpenMCPConfigMap: 'ocm', OpenMCPDaemonSet: 'ods', OpenMCPDeployment: 'odeploy', OpenMCPDNSEndpoint: '',
        OpenMCPDomain: '', OpenMCPHybridAutoScaler: 'ohas', OpenMCPIngress: 'oing', OpenMCPIngressDNSRecord: 'oingdr', OpenMCPJob: 'ojob',
        OpenMCPNamespace: 'ons', OpenMCPPersistentVolume: 'opv', OpenMCPPersistentVolumeClaim: 'opvc', OpenMCPPolicy: 'opol',
        OpenMCPPullSecret: 'ops', OpenMCPSecret: 'osec', OpenMCPService: 'osvc', OpenMCPServiceDNSRecord: 'osvcdr', OpenMCPStatefulSet: 'oss',
        OpenMCPVirtualService: 'ovs', Sync: '',
      });
      expect(findObject(crds, 'CustomResourceDefinition', 'openmcpingresses.openmcp.k8s.io').spec.names.kind).toBe('OpenMCPIngress');
      expect(findObject(crds, 'CustomResourceDefinition', 'openmcppolicys.openmcp.k8s.io').spec.names.kind).toBe('OpenMCPPolicy');
    });

    test('an OpenMCPCluster with joinStatus JOIN per declared member, in namespace openmcp, so the scheduler can place replicas', () => {
      const records = objects.filter((object) => object.kind === 'OpenMCPCluster') as any[];
      expect(records.map((record) => `${record.metadata.namespace}/${record.metadata.name}`)).toEqual(['openmcp/cluster1', 'openmcp/cluster2']);
      expect(records[0].spec).toEqual({
        serverIP: '10.0.3.40',
        clusterPlatformType: 'On-Premise',
        clusterNetworkLocation: 'internal',
        joinStatus: 'JOIN',
        nodeInfo: { region: 'AS', zone: 'KR' },
        metalLBRange: { addressFrom: '10.0.3.200', addressTo: '10.0.3.209' },
      });
    });

    test('no controller is bound to cluster-admin', () => {
      const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding') as any[];
      expect(bindings).toHaveLength(11);
      // Each controller is bound to its own role, named like its binding.
      expect(bindings.every((binding) => binding.roleRef.name === binding.metadata.name && binding.roleRef.name === `openmcp:${binding.subjects[0].name}`)).toBe(true);
      expect(findObject(objects, 'RoleBinding', 'openmcp:kubefed-secrets').metadata.namespace).toBe('kube-federation-system');
      expect(findObject(objects, 'Namespace', 'kube-federation-system')).toBeDefined();
    });

    test('Secrets are supplied at apply time, never written', () => {
      expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
      const supplied = output.suppliedSecrets.filter((secret) => secret.namespace === 'openmcp').map((secret) => secret.name);
      expect(supplied).toEqual(['influxdb-creds', 'powerdns-api-key', 'regcred']);
    });

    test('controllers get addresses and ports from the configuration, credentials from Secrets', () => {
      const dns = findObject(objects, 'Deployment', 'openmcp-dns-controller').spec.template.spec.containers[0].env;
      expect(dns).toEqual(expect.arrayContaining([
        { name: 'PDNS_IP', value: '10.0.3.12' },
        { name: 'PDNS_PORT', value: '8081' },
        { name: 'PDNS_API_KEY', valueFrom: { secretKeyRef: { name: 'powerdns-api-key', key: 'api-key' } } },
      ]));
      expect(envValues(objects, 'GRPC_SERVER')).toEqual(['10.0.3.30', '10.0.3.30', '10.0.3.30']);
      expect(envValues(objects, 'GRPC_PORT')).toEqual(['30001', '30001', '30001']);
      expect(envValues(objects, 'LB_EXTERNAL_IP')).toEqual(['10.0.3.241']);
      expect(envValues(objects, 'dockerSecretName')).toEqual(['regcred', 'regcred']);
      const metricCollector = findObject(objects, 'Deployment', 'openmcp-metric-collector').spec.template.spec.containers[0].env;
      expect(metricCollector).toContainEqual({ name: 'INFLUX_PASSWORD', valueFrom: { secretKeyRef: { name: 'influxdb-creds', key: 'INFLUXDB_PASSWORD' } } });
    });

    test('Services: gRPC NodePorts 30001 and 30002, InfluxDB on 30003, the load-balancing controller on its MetalLB address', () => {
      expect(findObject(objects, 'Service', 'openmcp-analytic-engine').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 2050, nodePort: 30001 }] });
      expect(findObject(objects, 'Service', 'openmcp-metric-collector').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 2051, nodePort: 30002 }] });
      expect(findObject(objects, 'Service', 'influxdb').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 8086, nodePort: 30003 }] });
      expect(findObject(objects, 'Service', 'openmcp-loadbalancing-controller')).toMatchObject({
        metadata: { annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.0.3.241' } },
        spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30004 }] },
      });
    });

    test('the default policies come after their CRD', () => {
      const names = objects.map((object) => `${object.kind}/${object.metadata.name}`);
      expect(names.filter((name) => name.startsWith('OpenMCPPolicy/'))).toHaveLength(9);
      expect(names.indexOf('CustomResourceDefinition/openmcppolicys.openmcp.k8s.io')).toBeLessThan(names.indexOf('OpenMCPPolicy/analytic-metrics-weight'));
    });

    test('CoreDNS forwards names outside the cluster domain to PowerDNS', () => {
      const networking = output.manifests.find((manifest) => manifest.chart === 'networking')!.objects;
      expect(findObject(networking, 'ConfigMap', 'coredns').data.Corefile).toContain('forward . 10.0.3.12 {');
    });
  });

  test('every controller, the API server with its Secrets and the example app pass every check: custom resources match their CRDs', () => {
    // GIVEN
    const cluster = clusterWith('openmcp', (document) => {
      ALL_CONTROLLERS(document);
      document.spec.openmcp.exampleApp = true;
    });
    // WHEN
    const output = synthesizeCluster(cluster);
    // THEN
    expect(output.check.failures).toEqual([]);
    const objects = openmcpObjects(output);
    expect(objects.filter((object) => object.kind === 'Deployment')).toHaveLength(21);
    expect(objects.filter((object) => object.apiVersion === 'openmcp.k8s.io/v1alpha1').map((object) => object.kind)).toEqual(expect.arrayContaining([
      'OpenMCPPolicy', 'OpenMCPDeployment', 'OpenMCPService', 'OpenMCPIngress', 'OpenMCPDomain', 'OpenMCPServiceDNSRecord', 'OpenMCPIngressDNSRecord', 'OpenMCPHybridAutoScaler',
    ]));
    // KubeFed's own pods (installed outside hanok) run there: baseline, with the reason on the namespace.
    expect(findObject(objects, 'Namespace', 'kube-federation-system').metadata).toMatchObject({
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' },
      annotations: { 'hanok.dev/pod-security-reason': expect.stringContaining('KubeFed') },
    });
    expect(findObject(objects, 'Namespace', 'openmcp').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const apiserver = findObject(objects, 'Deployment', 'openmcp-apiserver').spec.template.spec;
    // main.go serves ListenAndServeTLS("/tmp/cert/server.crt", "/tmp/cert/server.key"): the TLS Secret's keys appear there.
    expect(apiserver.volumes).toContainEqual({
      name: 'certs',
      secret: { secretName: 'openmcp-apiserver-tls', items: [{ key: 'tls.crt', path: 'server.crt' }, { key: 'tls.key', path: 'server.key' }] },
    });
    expect(apiserver.containers[0].volumeMounts).toContainEqual({ name: 'certs', mountPath: '/tmp/cert', readOnly: true });
    expect(apiserver.containers[0].env).toContainEqual({ name: 'API_USER_PW', valueFrom: { secretKeyRef: { name: 'openmcp-apiserver', key: 'API_USER_PW' } } });
    expect(findObject(objects, 'Service', 'openmcp-apiserver').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 8080, nodePort: 30000 }] });
    expect(output.suppliedSecrets).toContainEqual(expect.objectContaining({ namespace: 'openmcp', name: 'openmcp-apiserver-tls', type: 'kubernetes.io/tls' }));

    // A custom resource that breaks its CRD's schema fails the schema check.
    const entries = output.manifests.flatMap((manifest) => manifest.objects.map((object) => ({ file: manifest.name, object })));
    const broken = JSON.parse(JSON.stringify(findObject(objects, 'OpenMCPPolicy', 'log-level')));
    broken.spec.policyStatus = 'On';
    broken.spec.template.spec.policies[0].value = 3;
    const failures = checkSchemas([...entries, { file: 'broken.yaml', object: broken }]);
    expect(failures.map((failure) => failure.field).sort()).toEqual(['spec.policyStatus', 'spec.template.spec.policies[0].value']);
  });

  test('cluster-admin only when opted in, and then the summary warns', () => {
    const output = synthesizeCluster(clusterWith('openmcp', (document) => (document.spec.openmcp.clusterAdmin = true)));
    const objects = openmcpObjects(output);
    expect(objects.filter((object) => object.kind === 'ClusterRole')).toEqual([]);
    expect(objects.filter((object) => object.kind === 'ClusterRoleBinding').every((binding: any) => binding.roleRef.name === 'cluster-admin')).toBe(true);
    expect(ownWarnings(output.check.warnings)).toEqual([
      'openmcp: spec.openmcp.clusterAdmin binds cluster-admin to 11 OpenMCP controller ServiceAccounts: each can read every Secret and change anything in the cluster',
    ]);
  });

  test('env values follow the configuration: another InfluxDB NodePort changes every INFLUX_PORT', () => {
    // GIVEN
    const before = openmcpObjects(synthesizeCluster(clusterWith('openmcp', ALL_CONTROLLERS)));
    // WHEN
    const after = openmcpObjects(synthesizeCluster(clusterWith('openmcp', (document) => {
      ALL_CONTROLLERS(document);
      document.spec.openmcp.influxDbNodePort = 31051;
      document.spec.openmcp.analyticEngineNodePort = 32050;
      document.spec.openmcp.externalIp = '10.0.3.31';
    })));
    // THEN
    expect(envValues(before, 'INFLUX_PORT')).toEqual(['30003', '30003', '30003']);
    expect(envValues(after, 'INFLUX_PORT')).toEqual(['31051', '31051', '31051']);
    expect(findObject(after, 'Service', 'influxdb').spec.ports[0].nodePort).toBe(31051);
    expect(envValues(after, 'GRPC_PORT')).toEqual(['32050', '32050', '32050']);
    expect(new Set([...envValues(after, 'GRPC_SERVER'), ...envValues(after, 'INFLUX_IP')])).toEqual(new Set(['10.0.3.31']));
  });

  test('image overrides per controller', () => {
    const objects = openmcpObjects(synthesizeCluster(clusterWith('openmcp', (document) => (document.spec.openmcp.images = { 'openmcp-scheduler': 'registry.openmcp.local/openmcp-scheduler:v0.0.2' }))));
    expect(findObject(objects, 'Deployment', 'openmcp-scheduler').spec.template.spec.containers[0].image).toBe('registry.openmcp.local/openmcp-scheduler:v0.0.2');
  });

  test('fails when LoadBalancer controllers get no MetalLB pool', () => {
    const cluster = exampleCluster('openmcp');
    const config = cluster.spec.openmcp!;
    expect(() => new OpenMcpMasterChart(newApp(), 'openmcp', {
      openmcp: config as any,
      settings: openMcpMasterSettings(cluster),
      nfs: cluster.spec.nfs,
      registry: new PrivateRegistry({ host: 'registry.openmcp.local', pullSecretName: 'regcred' }),
    })).toThrow("openmcp: openmcp-loadbalancing-controller needs a LoadBalancer address, but 'metalLb' has no address pool");
  });

  test('a chart on its own: every object is labelled part-of openmcp', () => {
    const cluster = exampleCluster('openmcp');
    const app = newApp();
    const chart = new OpenMcpMasterChart(app, 'openmcp', {
      openmcp: cluster.spec.openmcp as any,
      settings: openMcpMasterSettings(cluster),
      nfs: cluster.spec.nfs,
      registry: new PrivateRegistry({ host: 'registry.openmcp.local', pullSecretName: 'regcred' }),
      metalLb: { pools: [{}] } as any,
    });
    for (const object of synthObjects(chart)) {
      expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'openmcp', 'app.kubernetes.io/managed-by': 'hanok' });
    }
  });
});
