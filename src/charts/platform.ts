import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { apiServersBehindHaproxy } from '../config/api-endpoint';
import { Cluster } from '../config/cluster';
import { openMcpMaster, openMcpMasterSettings, openMcpMember, withOpenMcpDns } from '../config/openmcp';
import { PrivateRegistry } from '../constructs/private-registry';
import { IngressFrontend } from '../constructs/ingress-frontend';
import { defaultIngressClassName, IngressChart } from './ingress-chart';
import { MetricsChart } from './metrics-chart';
import { hasNetworking, NetworkingChart } from './networking-chart';
import { OpenFxChart } from './openfx-chart';
import { OpenMcpMasterChart } from './openmcp-master-chart';
import { OpenMcpMemberChart } from './openmcp-member-chart';
import { RegistryChart } from './registry-chart';
import { SmokeTestChart } from './smoke-test-chart';
import { StorageChart } from './storage-chart';

/** The layers of one cluster, as charts joined by dependencies in apply order. */
export interface Platform {
  readonly charts: readonly Chart[];
  /** The registry every layer pulls its own images from. */
  readonly registry: PrivateRegistry;
}

/**
 * Composes every enabled layer of a cluster. Each chart receives only its slice of the configuration and the
 * typed outputs of the charts it builds on.
 */
export function buildPlatform(scope: Construct, cluster: Cluster): Platform {
  const spec = cluster.spec;
  const charts: Chart[] = [];

  // First: every pod but the host-network ones needs the CNI, and LoadBalancer Services need MetalLB.
  // OpenMCP clusters forward names outside the cluster domain to PowerDNS, unless DNS servers are configured.
  const networkingConfig = withOpenMcpDns(cluster, spec.networking);
  const networking = hasNetworking(networkingConfig)
    ? new NetworkingChart(scope, 'networking', { network: spec.network, networking: networkingConfig })
    : undefined;
  if (networking) {
    charts.push(networking);
  }

  const storage = spec.storage.enabled ? new StorageChart(scope, 'storage', { nfs: spec.nfs, storage: spec.storage }) : undefined;
  if (storage) {
    charts.push(storage);
  }

  // Before the registry: its route attaches to the Gateway (or names the IngressClass) this layer creates.
  const ingress = spec.ingress.enabled ? new IngressChart(scope, 'ingress', { ingress: spec.ingress, nodes: spec.nodes, apiServers: apiServersBehindHaproxy(spec) }) : undefined;
  if (ingress) {
    charts.push(ingress);
  }
  // Without the layer, the site's own controller serves Ingress objects of the configured class.
  const frontend = ingress?.frontend ?? new IngressFrontend({ className: defaultIngressClassName(spec.ingress) });

  let registry = new PrivateRegistry({ host: spec.registry.host, pullSecretName: spec.registry.pullSecretName });
  if (spec.registry.enabled) {
    const registryChart = new RegistryChart(scope, 'registry', {
      registry: spec.registry,
      nfs: spec.nfs,
      frontend,
    });
    if (storage) {
      registryChart.addDependency(storage);
    }
    if (ingress) {
      registryChart.addDependency(ingress);
    }
    registry = registryChart.registry;
    charts.push(registryChart);
  }

  const metricsConfig = spec.metrics;
  const metricsEnabled = [metricsConfig.metricsServer, metricsConfig.prometheus, metricsConfig.grafana, metricsConfig.nodeExporter, metricsConfig.dashboard]
    .some((part) => part.enabled);
  const metrics = metricsEnabled
    ? new MetricsChart(scope, 'metrics', {
      metrics: metricsConfig,
      nodes: spec.nodes,
      nfs: spec.nfs,
      frontend,
    })
    : undefined;
  if (metrics) {
    if (ingress) {
      metrics.addDependency(ingress);
    }
    charts.push(metrics);
  }

  if (spec.openfx.enabled) {
    const openfx = new OpenFxChart(scope, 'openfx', {
      openfx: spec.openfx,
      registry,
      nodes: spec.nodes,
      nodeExporterPort: metricsConfig.prometheus.nodeExporterPort,
      nfs: spec.nfs,
    });
    // Function autoscalers read metrics-server.
    for (const dependency of [metrics, ingress]) {
      if (dependency) {
        openfx.addDependency(dependency);
      }
    }
    charts.push(openfx);
  }

  const openMcpMasterConfig = openMcpMaster(cluster);
  const openMcpMemberConfig = openMcpMember(cluster);
  if (openMcpMasterConfig) {
    const openmcp = new OpenMcpMasterChart(scope, 'openmcp', {
      openmcp: openMcpMasterConfig,
      settings: openMcpMasterSettings(cluster),
      nfs: spec.nfs,
      registry,
      metalLb: networking?.metalLb,
    });
    charts.push(openmcp);
  } else if (openMcpMemberConfig) {
    const openmcp = new OpenMcpMemberChart(scope, 'openmcp', { clusterName: cluster.name, openmcp: openMcpMemberConfig, registry });
    // The VPA recommender and the autoscalers OpenMCP creates read metrics-server.
    if (metrics) {
      openmcp.addDependency(metrics);
    }
    charts.push(openmcp);
  }

  if (metricsConfig.smokeTests.enabled) {
    const smokeTests = new SmokeTestChart(scope, 'smoke-tests', {
      smokeTests: metricsConfig.smokeTests,
      nfs: spec.nfs,
      frontend,
    });
    // The autoscaling test reads metrics-server, the Tomcat test's Ingress needs the controller.
    for (const dependency of [metrics, ingress]) {
      if (dependency) {
        smokeTests.addDependency(dependency);
      }
    }
    charts.push(smokeTests);
  }

  if (networking) {
    charts.filter((chart) => chart !== networking).forEach((chart) => chart.addDependency(networking));
  }

  return { charts, registry };
}
