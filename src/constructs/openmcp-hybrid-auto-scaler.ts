import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcphybridautoscalers-openmcp.k8s.io';
import { componentLabels } from './labels';
import { OpenMcpDeployment } from './openmcp-deployment';
import { requireDnsLabel, requireIntegerInRange } from '../kube/validate';

/** When the HAS controller adds a VerticalPodAutoscaler next to each HorizontalPodAutoscaler (`scalingOptions.vpaTemplate`). */
export const OPENMCP_VPA_MODES = ['Never', 'Auto', 'Always'] as const;
export type OpenMcpVpaMode = (typeof OPENMCP_VPA_MODES)[number];

/**
 * Who scales (`spec.mainController`, apis/resource/v1alpha1/types.go): `MemberCluster` creates HorizontalPodAutoscalers
 * (and VerticalPodAutoscalers) in the members; `OpenMCP` moves replicas between members itself (its `cpaTemplate`).
 */
export const OPENMCP_MAIN_CONTROLLERS = ['MemberCluster', 'OpenMCP'] as const;
export type OpenMcpMainController = (typeof OPENMCP_MAIN_CONTROLLERS)[number];

export interface OpenMcpHybridAutoScalerProps {
  /** Name of the OpenMCPHybridAutoScaler and of the HorizontalPodAutoscalers it creates. */
  readonly name: string;
  /** The OpenMCPDeployment to scale; the autoscaler lives in its namespace. */
  readonly target: OpenMcpDeployment;
  /** Most replicas in total. */
  readonly maxReplicas: number;
  /** Fewest replicas in total. @default 1 */
  readonly minReplicas?: number;
  /**
   * `MemberCluster`: HorizontalPodAutoscalers in the members (`hpaTemplate`, `vpaTemplate`). `OpenMCP`: the controller
   * spreads replicas over members itself, between min and max (`cpaTemplate`); `metrics` and `vpaTemplate` do not apply.
   * @default 'MemberCluster'
   */
  readonly mainController?: OpenMcpMainController;
  /**
   * What to scale on, as autoscaling/v2 metric specs. Only with mainController `MemberCluster`.
   * @default - CPU at 50 % of the requests
   */
  readonly metrics?: readonly k8s.MetricSpecV2[];
  /**
   * `Never`: HorizontalPodAutoscalers only. `Always`: a VerticalPodAutoscaler too. `Auto`: a VerticalPodAutoscaler
   * in the clusters where the Deployment's first container requests no resources. Only with mainController `MemberCluster`.
   * @default - 'Auto' with mainController MemberCluster
   */
  readonly vpaTemplate?: OpenMcpVpaMode;
}

/**
 * An OpenMCPHybridAutoScaler (seed 001, "OpenMCPHybridAutoScaler 배포"): horizontal (and vertical) autoscaling of an
 * OpenMCPDeployment in every member cluster that runs it, or cluster-level scaling by OpenMCP. Written in the shape
 * the HAS controller reads (`mainController` + `scalingOptions`), not the seed's 2020 shape. It takes the target
 * deployment as an object, so it can only point at an OpenMCPDeployment of the same app.
 */
export class OpenMcpHybridAutoScaler extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly target: OpenMcpDeployment;
  public readonly apiObject: omcp.OpenMcpHybridAutoScaler;

  constructor(scope: Construct, id: string, props: OpenMcpHybridAutoScalerProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPHybridAutoScaler', 'name', props.name, 'a DNS label such as openmcp-has');
    const where = `OpenMCPHybridAutoScaler '${props.name}'`;
    if (!(props.target instanceof OpenMcpDeployment)) {
      throw new Error(`${where}: 'target' must be an OpenMcpDeployment construct`);
    }
    if (props.target.node.root !== this.node.root) {
      throw new Error(`${where}: 'target' OpenMCPDeployment '${props.target.name}' belongs to another app, so it would not exist next to the autoscaler`);
    }
    const minReplicas = props.minReplicas ?? 1;
    requireIntegerInRange(where, 'minReplicas', minReplicas, { min: 1 });
    if (!Number.isInteger(props.maxReplicas) || props.maxReplicas < minReplicas) {
      throw new Error(`${where}: 'maxReplicas' (${props.maxReplicas}) must be a whole number of at least 'minReplicas' (${minReplicas})`);
    }
    const mainController = props.mainController ?? 'MemberCluster';
    if (!OPENMCP_MAIN_CONTROLLERS.includes(mainController)) {
      throw new Error(`${where}: 'mainController' must be one of ${OPENMCP_MAIN_CONTROLLERS.join(', ')} (got ${JSON.stringify(mainController)})`);
    }
    if (mainController === 'OpenMCP' && (props.metrics !== undefined || props.vpaTemplate !== undefined)) {
      throw new Error(`${where}: 'metrics' and 'vpaTemplate' apply only with mainController MemberCluster; OpenMCP scales by its own analysis`);
    }
    const vpaTemplate = props.vpaTemplate ?? 'Auto';
    if (!OPENMCP_VPA_MODES.includes(vpaTemplate)) {
      throw new Error(`${where}: 'vpaTemplate' must be one of ${OPENMCP_VPA_MODES.join(', ')} (got ${JSON.stringify(vpaTemplate)})`);
    }
    const metrics = props.metrics ?? [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ];
    if (metrics.length === 0) {
      throw new Error(`${where}: 'metrics' must hold at least one metric`);
    }

    this.name = props.name;
    this.namespace = props.target.namespace;
    this.target = props.target;
    this.apiObject = new omcp.OpenMcpHybridAutoScaler(this, 'Resource', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels({ appName: props.target.name, component: 'openmcp-autoscaler' }) },
      spec: {
        mainController: mainController as omcp.OpenMcpHybridAutoScalerSpecMainController,
        scalingOptions:
          mainController === 'OpenMCP'
            ? { cpaTemplate: { scaleTargetRef: { kind: 'OpenMCPDeployment', name: props.target.name }, minReplicas, maxReplicas: props.maxReplicas } }
            : {
                hpaTemplate: {
                  spec: {
                    scaleTargetRef: { kind: 'OpenMCPDeployment', name: props.target.name },
                    minReplicas,
                    maxReplicas: props.maxReplicas,
                    metrics: metrics.map((metric) => k8s.toJson_MetricSpecV2(metric)),
                  },
                },
                vpaTemplate: vpaTemplate as omcp.OpenMcpHybridAutoScalerSpecScalingOptionsVpaTemplate,
              },
      },
    });
    this.apiObject.node.addDependency(props.target.apiObject);
  }
}
