import { Construct } from 'constructs';
import { DeepReadonly } from '../config/cluster';
import { NfsConfig, NodeConfig, OpenFxConfig } from '../config/schema';
import { OpenFxFunction } from '../constructs/openfx-function';
import { OpenFxGateway } from '../constructs/openfx-gateway';
import { OpenFxMonitoring } from '../constructs/openfx-monitoring';
import { PrivateRegistry } from '../constructs/private-registry';
import { HanokChart } from './hanok-chart';

export interface OpenFxChartProps {
  readonly openfx: DeepReadonly<OpenFxConfig>;
  /** Where the gateway and function images live, and the pull Secret both namespaces need. */
  readonly registry: PrivateRegistry;
  /** The cluster's machines; node_exporter is scraped on each one's address. */
  readonly nodes: ReadonlyArray<DeepReadonly<NodeConfig>>;
  /** Port of node_exporter on the machines. */
  readonly nodeExporterPort: number;
  readonly nfs: DeepReadonly<NfsConfig>;
}

/**
 * OpenFx layer (issue 4; seed 000): namespaces `openfx` and `openfx-fn`, the fxgateway with exactly the upstream
 * permissions in the function namespace, its Prometheus and Grafana on NFS, and the functions declared in git.
 */
export class OpenFxChart extends HanokChart {
  public readonly gateway: OpenFxGateway;
  public readonly monitoring: OpenFxMonitoring;
  public readonly functions: readonly OpenFxFunction[];

  constructor(scope: Construct, id: string, props: OpenFxChartProps) {
    super(scope, id, { layer: 'openfx' });
    const { openfx, registry } = props;

    this.addNamespace(openfx.namespace);
    this.addNamespace(openfx.functionNamespace);

    this.gateway = new OpenFxGateway(this, 'Gateway', {
      registry,
      namespace: openfx.namespace,
      functionNamespace: openfx.functionNamespace,
      image: registry.image(openfx.gatewayImageName, openfx.gatewayImageTag),
      functionImagePullPolicy: openfx.imagePullPolicy,
      nodePort: openfx.gatewayNodePort,
    });

    this.monitoring = new OpenFxMonitoring(this, 'Monitoring', {
      namespace: openfx.namespace,
      gateway: this.gateway.service,
      gatewayPort: this.gateway.port,
      nodeAddresses: props.nodes.map((node) => node.ip),
      nodeExporterPort: props.nodeExporterPort,
      nfs: props.nfs,
      prometheusImage: openfx.prometheusImage,
      prometheusStorageSize: openfx.prometheusStorageSize,
      prometheusNodePort: openfx.prometheusNodePort,
      scrapeInterval: openfx.scrapeInterval,
      retention: openfx.retention,
      grafanaImage: openfx.grafanaImage,
      grafanaStorageSize: openfx.grafanaStorageSize,
      grafanaNodePort: openfx.grafanaNodePort,
      grafanaAdminSecretName: openfx.grafanaAdminSecretName,
    });

    this.functions = openfx.functions.map(
      (fn) =>
        new OpenFxFunction(this, `Function-${fn.name}`, {
          name: fn.name,
          runtime: fn.runtime,
          registry,
          namespace: openfx.functionNamespace,
          image: fn.image,
          offeredRuntimes: openfx.runtimes,
          env: fn.env,
          resources: { cpu: fn.cpu, memory: fn.memory },
          minReplicas: fn.minReplicas,
          maxReplicas: fn.maxReplicas,
          targetCpuUtilization: fn.targetCpuUtilization,
        }),
    );
  }
}
