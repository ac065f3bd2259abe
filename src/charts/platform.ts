import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster } from '../config/cluster';
import { PrivateRegistry } from '../constructs/private-registry';
import { HaproxyConfig } from '../constructs/haproxy-config';
import { IngressFrontend } from '../constructs/ingress-frontend';
import { orderCharts } from './chart-order';
import { IngressChart } from './ingress-chart';
import { MetricsChart } from './metrics-chart';
import { hasNetworking, NetworkingChart } from './networking-chart';
import { NodeSetupChart } from './node-setup-chart';
import { OpenFxChart } from './openfx-chart';
import { OpenMcpMasterChart } from './openmcp-master-chart';
import { OpenMcpMemberChart } from './openmcp-member-chart';
import { RegistryChart } from './registry-chart';
import { SmokeTestChart } from './smoke-test-chart';
import { StorageChart } from './storage-chart';

/** The layers of one cluster: a typed field per layer, so nothing downstream looks a chart up by name or path. */
export interface Platform {
  /** The charts with API objects, each after the charts it depends on: the order their manifests are applied in. */
  readonly charts: readonly Chart[];
  /** The CNI, MetalLB and CoreDNS forwarding. @default - none when the cluster has none of them */
  readonly networking?: NetworkingChart;
  /** The NFS CSI driver and its StorageClass. @default - none when `spec.storage.enabled` is false */
  readonly storage?: StorageChart;
  /** The ingress controller, Gateway and HAProxy front end. @default - none when `spec.ingress.enabled` is false */
  readonly ingress?: IngressChart;
  /** How the layers publish their hosts: the ingress layer's Gateway and class, or the site controller's class. */
  readonly frontend: IngressFrontend;
  /** The HAProxy front end's file (`nodes/haproxy/haproxy.cfg`). @default - none when it is not generated */
  readonly haproxy?: HaproxyConfig;
  /** The registry every layer pulls its own images from: the registry layer's, or the site's when that is off. */
  readonly registry: PrivateRegistry;
  /** The in-cluster registry. @default - none when `spec.registry.enabled` is false */
  readonly registryChart?: RegistryChart;
  readonly metrics?: MetricsChart;
  readonly openfx?: OpenFxChart;
  /** OpenMCP's master or member chart, by `spec.openmcp.role`. @default - none without `spec.openmcp` */
  readonly openmcp?: OpenMcpMasterChart | OpenMcpMemberChart;
  readonly smokeTests?: SmokeTestChart;
  /**
   * The node files (kubeadm, containerd, kernel, inventory). It has no API objects and is not in `charts`; the
   * pipeline adds the cluster's final objects to it (NodePorts, NFS directories) once they are checked.
   */
  readonly nodeSetup: NodeSetupChart;
}

/**
 * Composes every enabled layer of a cluster. Each chart receives only its slice of the resolved configuration and
 * the typed outputs of the charts it builds on.
 */
export function buildPlatform(scope: Construct, cluster: Cluster): Platform {
  const spec = cluster.spec;
  const charts: Chart[] = [];
  const add = <T extends Chart>(chart: T, ...dependencies: Array<Chart | undefined>): T => {
    dependencies.forEach((dependency) => dependency && chart.addDependency(dependency));
    charts.push(chart);
    return chart;
  };

  // First: every pod but the host-network ones needs the CNI, and LoadBalancer Services need MetalLB.
  const networking = hasNetworking(spec.networking)
    ? add(new NetworkingChart(scope, 'networking', { network: spec.network, networking: spec.networking }))
    : undefined;

  const storage = spec.storage.enabled ? add(new StorageChart(scope, 'storage', { nfs: spec.nfs, storage: spec.storage })) : undefined;

  // Before the registry: its route attaches to the Gateway (or names the IngressClass) this layer creates.
  const ingress = spec.ingress.enabled
    ? add(new IngressChart(scope, 'ingress', { ingress: spec.ingress, nodes: spec.nodes, apiServers: spec.ingress.loadBalancer.apiServers }))
    : undefined;
  // Without the layer, the site's own controller serves Ingress objects of the configured class.
  const frontend = ingress?.frontend ?? new IngressFrontend({ className: spec.ingress.className });

  const registryChart = spec.registry.enabled
    ? add(new RegistryChart(scope, 'registry', { registry: spec.registry, nfs: spec.nfs, frontend }), storage, ingress)
    : undefined;
  const registry = registryChart?.registry ?? new PrivateRegistry({ host: spec.registry.host, pullSecretName: spec.registry.pullSecretName });

  const metricsConfig = spec.metrics;
  const metricsEnabled = [metricsConfig.metricsServer, metricsConfig.prometheus, metricsConfig.grafana, metricsConfig.nodeExporter, metricsConfig.dashboard]
    .some((part) => part.enabled);
  const metrics = metricsEnabled
    ? add(new MetricsChart(scope, 'metrics', { metrics: metricsConfig, nodes: spec.nodes, nfs: spec.nfs, frontend }), ingress)
    : undefined;

  // Function autoscalers read metrics-server.
  const openfx = spec.openfx.enabled
    ? add(
      new OpenFxChart(scope, 'openfx', {
        openfx: spec.openfx,
        registry,
        nodes: spec.nodes,
        nodeExporterPort: metricsConfig.prometheus.nodeExporterPort,
        nfs: spec.nfs,
      }),
      metrics,
      ingress,
    )
    : undefined;

  const openmcpConfig = spec.openmcp;
  const openmcp = openmcpConfig?.role === 'master'
    ? add(new OpenMcpMasterChart(scope, 'openmcp', {
      openmcp: openmcpConfig,
      settings: openmcpConfig.masterSettings,
      nfs: spec.nfs,
      registry,
      metalLb: networking?.metalLb,
    }))
    : openmcpConfig?.role === 'member'
      // The VPA recommender and the autoscalers OpenMCP creates read metrics-server.
      ? add(new OpenMcpMemberChart(scope, 'openmcp', { clusterName: cluster.name, openmcp: openmcpConfig, registry }), metrics)
      : undefined;

  // The autoscaling test reads metrics-server, the Tomcat test's Ingress needs the controller.
  const smokeTests = metricsConfig.smokeTests.enabled
    ? add(new SmokeTestChart(scope, 'smoke-tests', { smokeTests: metricsConfig.smokeTests, nfs: spec.nfs, frontend }), metrics, ingress)
    : undefined;

  if (networking) {
    charts.filter((chart) => chart !== networking).forEach((chart) => chart.addDependency(networking));
  }

  const haproxy = ingress?.haproxy;
  const nodeSetup = new NodeSetupChart(scope, 'nodes', {
    clusterName: cluster.name,
    kubernetesVersion: spec.kubernetesVersion,
    controlPlaneEndpoint: spec.controlPlaneEndpoint,
    network: spec.network,
    nodes: spec.nodes.map((node) => ({ name: node.name, ip: node.ip, roles: node.roles, labels: node.labels })),
    registry: spec.registry,
    nfs: spec.nfs,
    flannel: spec.networking.flannel,
    metalLb: spec.networking.metallb.enabled,
    nodeExporterPort: spec.metrics.nodeExporter.enabled ? spec.metrics.prometheus.nodeExporterPort : undefined,
    haproxy: haproxy !== undefined,
    haproxyApi: haproxy !== undefined && spec.ingress.loadBalancer.apiServers.length > 0,
    haproxyHost: spec.ingress.loadBalancer.address !== undefined ? { name: spec.ingress.loadBalancer.hostname, ip: spec.ingress.loadBalancer.address } : undefined,
    imageRepository: spec.images.mirror,
    bootstrapRegistry: spec.images.bootstrapRegistry,
  });

  return {
    charts: orderCharts(charts),
    networking,
    storage,
    ingress,
    frontend,
    haproxy,
    registry,
    registryChart,
    metrics,
    openfx,
    openmcp,
    smokeTests,
    nodeSetup,
  };
}
