import { Construct } from 'constructs';
import { isDnsLabel } from '../kube/names';
import { OpenMcpPolicy } from './openmcp-policy';
import { AnalyticMetricsWeight, HPA_DISTRIBUTION_MODES, LbScoringWeight, OPENMCP_DEFAULT_POLICY_VALUES, SCHEDULING_ALGORITHMS } from '../versions/component-options';
import { requireIntegerInRange } from '../kube/validate';

export interface OpenMcpDefaultPoliciesProps {
  /** Namespace the policy engine reads. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** `analytic-metrics-weight`. @default OPENMCP_DEFAULT_POLICY_VALUES.analyticMetricsWeight */
  readonly analyticMetricsWeight?: AnalyticMetricsWeight;
  /** `hpa-minmax-distribution-mode`. @default 'Unequal' */
  readonly hpaMinMaxDistributionMode?: (typeof HPA_DISTRIBUTION_MODES)[number];
  /** `cpa-period`, in seconds. @default 200 */
  readonly cpaPeriod?: number;
  /** `lb-scoring-weight`. @default OPENMCP_DEFAULT_POLICY_VALUES.lbScoringWeight */
  readonly lbScoringWeight?: LbScoringWeight;
  /** `log-level` of every resource controller, 0 (errors) to 5 (everything). @default 3 */
  readonly logLevel?: number;
  /** `metric-collector-period`: seconds between metric reports of the member clusters. @default 5 */
  readonly metricCollectorPeriod?: number;
  /** `post-scheduling-type`: the order the scheduler takes pending requests in. @default 'FIFO' */
  readonly postSchedulingType?: string;
  /** `scheduling-policy`. @default 'OpenMCP' */
  readonly schedulingAlgorithm?: (typeof SCHEDULING_ALGORITHMS)[number];
  /**
   * `has-target-cluster`: the member clusters the hybrid autoscaler may use.
   * @default - every joined cluster (`Default`)
   */
  readonly hasTargetClusters?: readonly string[];
}

/**
 * The OpenMCPPolicy objects a master starts with: the eight of upstream's policy folder and `has-target-cluster`
 * (seed 001 lists it; the HAS controller reads its `Target` setting, `Default` meaning every joined cluster).
 */
export class OpenMcpDefaultPolicies extends Construct {
  public readonly policies: readonly OpenMcpPolicy[];

  constructor(scope: Construct, id: string, props: OpenMcpDefaultPoliciesProps = {}) {
    super(scope, id);
    const defaults = OPENMCP_DEFAULT_POLICY_VALUES;
    const weights = props.analyticMetricsWeight ?? defaults.analyticMetricsWeight;
    const lb = props.lbScoringWeight ?? defaults.lbScoringWeight;
    const logLevel = props.logLevel ?? defaults.logLevel;
    const cpaPeriod = props.cpaPeriod ?? defaults.cpaPeriod;
    const metricCollectorPeriod = props.metricCollectorPeriod ?? defaults.metricCollectorPeriod;
    const mode = props.hpaMinMaxDistributionMode ?? defaults.hpaMinMaxDistributionMode;
    const algorithm = props.schedulingAlgorithm ?? defaults.schedulingAlgorithm;
    const targets = props.hasTargetClusters ?? [];

    for (const [field, value] of Object.entries(weights)) {
      if (!(value >= 0 && value <= 1)) {
        throw new Error(`OpenMCP policies: 'analyticMetricsWeight.${field}' must be a weight from 0 to 1 (got ${value})`);
      }
    }
    if (!(lb.geoRate >= 0 && lb.geoRate <= 1)) {
      throw new Error(`OpenMCP policies: 'lbScoringWeight.geoRate' must be a rate from 0 to 1 (got ${lb.geoRate})`);
    }
    if (!(lb.period > 0)) {
      throw new Error(`OpenMCP policies: 'lbScoringWeight.period' must be a number of seconds above 0 (got ${lb.period})`);
    }
    requireIntegerInRange('OpenMCP policies', 'logLevel', logLevel, { min: 0, max: 5 });
    for (const [field, value] of [['cpaPeriod', cpaPeriod], ['metricCollectorPeriod', metricCollectorPeriod]] as const) {
      requireIntegerInRange('OpenMCP policies', field, value, { min: 1, what: 'a whole number of seconds' });
    }
    if (!HPA_DISTRIBUTION_MODES.includes(mode)) {
      throw new Error(`OpenMCP policies: 'hpaMinMaxDistributionMode' must be ${HPA_DISTRIBUTION_MODES.join(' or ')} (got ${JSON.stringify(mode)})`);
    }
    if (!SCHEDULING_ALGORITHMS.includes(algorithm)) {
      throw new Error(`OpenMCP policies: 'schedulingAlgorithm' must be ${SCHEDULING_ALGORITHMS.join(' or ')} (got ${JSON.stringify(algorithm)})`);
    }
    const badTarget = targets.find((cluster) => !isDnsLabel(cluster));
    if (badTarget !== undefined) {
      throw new Error(`OpenMCP policies: 'hasTargetClusters' must hold cluster names (got ${JSON.stringify(badTarget)})`);
    }

    const namespace = props.namespace;
    const policy = (name: string, targetController: string, policies: Array<{ type: string; value: Array<string | number> }>, rangeOfApplication?: string) =>
      new OpenMcpPolicy(this, name, { name, namespace, targetController, policies, rangeOfApplication });
    this.policies = [
      policy('analytic-metrics-weight', 'OpenMCPAnalyticEngine', [
        { type: 'CPU', value: [weights.cpu] },
        { type: 'Memory', value: [weights.memory] },
        { type: 'FS', value: [weights.fs] },
        { type: 'NET', value: [weights.net] },
        { type: 'LATENCY', value: [weights.latency] },
      ]),
      policy('hpa-minmax-distribution-mode', 'OpenMCPHybridAutoScaler', [{ type: 'Mode', value: [mode] }], 'All'),
      policy('cpa-period', 'OpenMCPHybridAutoScaler', [{ type: 'period', value: [cpaPeriod] }]),
      policy('lb-scoring-weight', 'OpenMCPLoadbalancingController', [
        { type: 'GeoRate', value: [lb.geoRate] },
        { type: 'Period', value: [lb.period] },
        { type: 'RegionZoneMatchedScore', value: [lb.regionZoneMatchedScore] },
        { type: 'OnlyRegionMatchedScore', value: [lb.onlyRegionMatchedScore] },
        { type: 'NoRegionZoneMatchedScore', value: [lb.noRegionZoneMatchedScore] },
      ]),
      policy('log-level', 'All-OpenMCP-Resource-Controller', [{ type: 'Level', value: [logLevel] }]),
      policy('metric-collector-period', 'ClusterMetricCollector', [{ type: 'period', value: [metricCollectorPeriod] }]),
      // Upstream's kind name, misspelt as the scheduler expects it.
      policy('post-scheduling-type', 'OpenMCPSchduler', [{ type: 'priority', value: [props.postSchedulingType ?? defaults.postSchedulingType] }]),
      policy('scheduling-policy', 'OpenMCPSchduler', [{ type: 'algorithm', value: [algorithm] }], 'All'),
      policy('has-target-cluster', 'OpenMCPHybridAutoScaler', [{ type: 'Target', value: targets.length > 0 ? [...targets] : ['Default'] }], 'All'),
    ];
  }
}
