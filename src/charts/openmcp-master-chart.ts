import { Construct } from 'constructs';
import { DeepReadonly } from '../config/cluster';
import { OpenMcpMasterSettings, ResolvedOpenMcpMasterConfig } from '../config/types';
import { NfsConfig } from '../config/schema';
import { CustomResourceDefinitions } from '../constructs/custom-resource-definitions';
import { MetalLb } from '../constructs/metallb';
import { OpenMcpCluster } from '../constructs/openmcp-cluster';
import { OPENMCP_NAMESPACE, OpenMcpController } from '../constructs/openmcp-controller';
import { OpenMcpControllerName } from '../versions/component-options';
import { OpenMcpControllerRbac } from '../constructs/openmcp-controller-rbac';
import { OPENMCP_APISERVER_CERT_PATH, OpenMcpControllers } from '../constructs/openmcp-controllers';
import { OpenMcpDefaultPolicies } from '../constructs/openmcp-default-policies';
import { KUBEFED_NAMESPACE } from '../constructs/openmcp-domain';
import { OpenMcpExampleApp } from '../constructs/openmcp-example-app';
import { OpenMcpInfluxDb } from '../constructs/openmcp-influxdb';
import { PrivateRegistry } from '../constructs/private-registry';
import { HanokChart } from './hanok-chart';


/** KubeFed's namespace is declared here but its pods are KubeFed's own. */
const KUBEFED_POD_SECURITY = {
  enforce: 'baseline',
  reason: 'KubeFed, a prerequisite installed outside hanok, runs its controller manager and webhook here; hanok does not write those pods and cannot vouch that they meet restricted',
} as const;
export { OPENMCP_APISERVER_CERT_PATH };

export interface OpenMcpMasterChartProps {
  /** The master's section; with `memberSettings` when loaded with its folder, else no member is recorded. */
  readonly openmcp: DeepReadonly<ResolvedOpenMcpMasterConfig>;
  /** The master's settings as its members see them (the external IP resolved). */
  readonly settings: OpenMcpMasterSettings;
  /** The NFS export that keeps InfluxDB's data. */
  readonly nfs: DeepReadonly<NfsConfig>;
  /** The registry whose pull Secret the pods name. */
  readonly registry: PrivateRegistry;
  /** MetalLB of the networking layer: the LoadBalancer Services get their addresses from its pools. @default - none */
  readonly metalLb?: MetalLb;
}

/**
 * OpenMCP layer of a master cluster (seed 001, "OpenMCP 기본 모듈 배포"): namespace `openmcp`, the 21 OpenMCP CRDs,
 * the enabled controllers each with its own `openmcp:<controller>` ClusterRole, an OpenMCPCluster JOIN record per member,
 * InfluxDB on NFS and the default OpenMCPPolicy
 * objects. Every address and port the controllers get is computed from the configuration, not replaced with sed.
 */
export class OpenMcpMasterChart extends HanokChart {
  public readonly crds: CustomResourceDefinitions;
  public readonly influxDb: OpenMcpInfluxDb;
  public readonly controllers: ReadonlyMap<OpenMcpControllerName, OpenMcpController>;
  public readonly rbac: OpenMcpControllerRbac;
  public readonly policies: OpenMcpDefaultPolicies;
  public readonly exampleApp?: OpenMcpExampleApp;
  /** The OpenMCPCluster of each member, in the order of `members`. */
  public readonly memberClusters: readonly OpenMcpCluster[];

  constructor(scope: Construct, id: string, props: OpenMcpMasterChartProps) {
    super(scope, id, { layer: 'openmcp' });
    const config = props.openmcp;
    const settings = props.settings;
    const namespace = this.addNamespace(OPENMCP_NAMESPACE);
    namespace.metadata.addAnnotation('openmcp.hanok.dev/install-type', config.installType);

    this.crds = new CustomResourceDefinitions(this, 'Crds', { directory: 'openmcp', appName: 'openmcp' });
    const imagePullSecrets = props.registry.pullSecretsIn(this, OPENMCP_NAMESPACE);

    this.influxDb = new OpenMcpInfluxDb(this, 'InfluxDb', {
      nfs: props.nfs,
      nodePort: config.influxDbNodePort,
      image: config.influxDb.image,
      storageSize: config.influxDb.storageSize,
      imagePullSecrets,
    });

    const controllerSet = new OpenMcpControllers(this, 'Controllers', {
      controllers: config.controllers,
      images: config.images,
      imagePullSecrets,
      pullSecretName: props.registry.pullSecretName,
      externalIp: settings.externalIp,
      influxDbNodePort: this.influxDb.nodePort,
      analyticEngineNodePort: config.analyticEngineNodePort,
      metricCollectorNodePort: config.metricCollectorNodePort,
      apiServerNodePort: config.apiServerNodePort,
      loadBalancingControllerNodePort: config.loadBalancingControllerNodePort,
      lbControllerExternalIp: config.lbControllerExternalIp,
      powerDns: config.powerDns,
      apiServerSecretName: config.apiServerSecretName,
      apiServerTlsSecretName: config.apiServerTlsSecretName,
      loadBalancerAddresses: (props.metalLb?.pools.length ?? 0) > 0,
    });
    const controllers = controllerSet.controllers;
    this.controllers = controllers;

    // Every controller reads the members' credentials in kubefed's namespace, which kubefed (a prerequisite) also creates.
    if (!config.clusterAdmin) {
      this.addNamespace(KUBEFED_NAMESPACE, KUBEFED_POD_SECURITY);
    }
    this.rbac = new OpenMcpControllerRbac(this, 'Rbac', {
      serviceAccounts: [...controllers.values()],
      clusterAdmin: config.clusterAdmin,
      pullSecretName: props.registry.pullSecretName,
    });

    // One JOIN record per declared member: without it the scheduler places nothing on the member.
    this.memberClusters = (config.memberSettings ?? []).map((member) => {
      const record = new OpenMcpCluster(this, `Member-${member.clusterName}`, {
        clusterName: member.clusterName,
        serverIp: member.serverIp,
        region: member.region,
        zone: member.zone,
        networkLocation: member.networkLocation,
        metalLbRange: member.metalLbRange,
      });
      record.node.addDependency(this.crds);
      return record;
    });

    const policies = config.policies;
    this.policies = new OpenMcpDefaultPolicies(this, 'Policies', {
      namespace: OPENMCP_NAMESPACE,
      analyticMetricsWeight: policies.analyticMetricsWeight,
      hpaMinMaxDistributionMode: policies.hpaMinMaxDistributionMode,
      cpaPeriod: policies.cpaPeriod,
      lbScoringWeight: policies.lbScoringWeight,
      logLevel: policies.logLevel,
      metricCollectorPeriod: policies.metricCollectorPeriod,
      postSchedulingType: policies.postSchedulingType,
      schedulingAlgorithm: policies.schedulingAlgorithm,
      hasTargetClusters: policies.hasTargetClusters,
    });
    this.policies.node.addDependency(this.crds);

    if (config.exampleApp) {
      // OpenMCPDomain objects live in kubefed's namespace, which kubefed (a prerequisite) also creates.
      if (config.clusterAdmin) {
        this.addNamespace(KUBEFED_NAMESPACE, KUBEFED_POD_SECURITY);
      }
      this.exampleApp = new OpenMcpExampleApp(this, 'ExampleApp', { namespace: OPENMCP_NAMESPACE });
      this.exampleApp.node.addDependency(this.crds);
    }
  }
}
