import { Construct } from 'constructs';
import { DeepReadonly } from '../config/cluster';
import { ResolvedOpenMcpMemberConfig } from '../config/types';
import { ClusterMetricCollector } from '../constructs/cluster-metric-collector';
import { CUSTOM_METRICS_NAMESPACE, CustomMetricsApiServer } from '../constructs/custom-metrics-api-server';
import { CUSTOM_METRICS_ADAPTER_IMAGE } from '../versions/images';
import { NodeFile } from '../constructs/node-file';
import { OPENMCP_NAMESPACE } from '../constructs/openmcp-controller';
import { PrivateRegistry } from '../constructs/private-registry';
import { Vpa } from '../constructs/vpa';
import { HanokChart } from './hanok-chart';

export interface OpenMcpMemberChartProps {
  /** The member cluster's name, as the master knows it. */
  readonly clusterName: string;
  /** The member's section, with its master's settings (resolved when the cluster folder is loaded). */
  readonly openmcp: DeepReadonly<ResolvedOpenMcpMemberConfig>;
  /** The registry whose pull Secret the pods name. */
  readonly registry: PrivateRegistry;
}

/**
 * OpenMCP layer of a member cluster (seed 001, "How To Join Cluster"): namespace `openmcp` with the
 * cluster-metric-collector reporting to the master, the custom-metrics API server it writes pod metrics into, the Vertical Pod Autoscaler the hybrid autoscaler uses, and
 * `nodes/openmcp/join.env` for the join scripts (kubefed registration happens at apply time). MetalLB, metrics-server
 * and the ingress controller come from their own layers; the region and zone node labels from openMcpNodeLabels.
 */
export class OpenMcpMemberChart extends HanokChart {
  public readonly metricCollector: ClusterMetricCollector;
  public readonly customMetrics: CustomMetricsApiServer;
  public readonly vpa?: Vpa;
  public readonly joinFile: NodeFile;

  constructor(scope: Construct, id: string, props: OpenMcpMemberChartProps) {
    super(scope, id, { layer: 'openmcp' });
    const config = props.openmcp;
    const master = config.masterSettings;
    if (!master) {
      throw new Error(
        `openmcp: the settings of master '${config.master}' are unknown; synthesize member '${props.clusterName}' from the whole cluster folder (loadClusters)`,
      );
    }
    this.addNamespace(OPENMCP_NAMESPACE, {
      enforce: 'privileged',
      reason: 'cluster-metric-collector runs in the host network (it reports the node\'s own address to the master), which only the privileged level allows',
    });

    // The collector posts pod metrics into the custom-metrics API, which the hybrid autoscaler's HPAs read.
    this.addNamespace(CUSTOM_METRICS_NAMESPACE);
    this.customMetrics = new CustomMetricsApiServer(this, 'CustomMetrics', {
      image: config.customMetricsImage ?? props.registry.image(CUSTOM_METRICS_ADAPTER_IMAGE.repository, CUSTOM_METRICS_ADAPTER_IMAGE.tag),
      imagePullSecrets: props.registry.pullSecretsIn(this, CUSTOM_METRICS_NAMESPACE),
    });

    this.metricCollector = new ClusterMetricCollector(this, 'MetricCollector', {
      clusterName: props.clusterName,
      grpcServer: master.externalIp,
      grpcPort: config.outsideMasterNetwork ? master.metricCollectorExternalPort : master.metricCollectorNodePort,
      image: config.metricCollectorImage,
      imagePullSecrets: props.registry.pullSecretsIn(this, OPENMCP_NAMESPACE),
    });

    if (config.vpa.enabled) {
      this.vpa = new Vpa(this, 'Vpa', {
        recommenderImage: config.vpa.recommenderImage,
        updaterImage: config.vpa.updaterImage,
        admissionControllerImage: config.vpa.admissionControllerImage,
      });
    }

    this.joinFile = new NodeFile(this, 'JoinEnv', {
      path: 'openmcp/join.env',
      content: [
        '# OpenMCP join settings of this member cluster, for the join scripts (kubefed registration on the master).',
        `MASTER=${master.clusterName}`,
        `MASTER_IP=${master.externalIp}`,
        `CLUSTER_NAME=${props.clusterName}`,
        `REGION=${config.region}`,
        `ZONE=${config.zone}`,
        '',
      ].join('\n'),
    });
  }
}
