import { Chart, Testing } from 'cdk8s';
import { OpenMcpDefaultPolicies, OpenMcpDefaultPoliciesProps } from '../../src/constructs/openmcp-default-policies';
import { findObject } from '../helpers';

function synth(props: OpenMcpDefaultPoliciesProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpDefaultPolicies(chart, 'Policies', props);
  return Testing.synth(chart);
}

const settings = (object: any) => Object.fromEntries(object.spec.template.spec.policies.map((policy: any) => [policy.type, policy.value]));

describe('OpenMcpDefaultPolicies', () => {
  test('minimal: upstream\'s eight policies and has-target-cluster, with upstream\'s values', () => {
    // GIVEN / WHEN
    const objects = synth();
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => object.metadata.name)).toEqual([
      'analytic-metrics-weight', 'hpa-minmax-distribution-mode', 'cpa-period', 'lb-scoring-weight', 'log-level',
      'metric-collector-period', 'post-scheduling-type', 'scheduling-policy', 'has-target-cluster',
    ]);
    expect(settings(findObject(objects, 'OpenMCPPolicy', 'analytic-metrics-weight'))).toEqual({ CPU: ['0.2'], Memory: ['0.2'], FS: ['0.2'], NET: ['0.8'], LATENCY: ['0.5'] });
    expect(settings(findObject(objects, 'OpenMCPPolicy', 'lb-scoring-weight'))).toEqual({
      GeoRate: ['0.3'], Period: ['5'], RegionZoneMatchedScore: ['200'], OnlyRegionMatchedScore: ['100'], NoRegionZoneMatchedScore: ['0'],
    });
    expect(findObject(objects, 'OpenMCPPolicy', 'post-scheduling-type').spec.template.spec.targetController.kind).toBe('OpenMCPSchduler');
    expect(settings(findObject(objects, 'OpenMCPPolicy', 'has-target-cluster'))).toEqual({ Target: ['Default'] });
  });

  test('all props: every value from the configuration', () => {
    // GIVEN
    const all: Required<OpenMcpDefaultPoliciesProps> = {
      namespace: 'federation',
      analyticMetricsWeight: { cpu: 0.5, memory: 0.3, fs: 0.1, net: 0.05, latency: 0.05 },
      hpaMinMaxDistributionMode: 'Equal',
      cpaPeriod: 60,
      lbScoringWeight: { geoRate: 0.9, period: 10, regionZoneMatchedScore: 100, onlyRegionMatchedScore: 1, noRegionZoneMatchedScore: 1 },
      logLevel: 5,
      metricCollectorPeriod: 10,
      postSchedulingType: 'FIFO',
      schedulingAlgorithm: 'RR',
      hasTargetClusters: ['cluster1'],
    };
    // WHEN
    const objects = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(settings(findObject(objects, 'OpenMCPPolicy', 'hpa-minmax-distribution-mode'))).toEqual({ Mode: ['Equal'] });
    expect(settings(findObject(objects, 'OpenMCPPolicy', 'scheduling-policy'))).toEqual({ algorithm: ['RR'] });
    expect(settings(findObject(objects, 'OpenMCPPolicy', 'has-target-cluster'))).toEqual({ Target: ['cluster1'] });
    expect(objects.every((object) => object.metadata.namespace === 'federation')).toBe(true);
  });

  test('fails on values the controllers cannot use', () => {
    expect(() => synth({ analyticMetricsWeight: { cpu: 1.5, memory: 0, fs: 0, net: 0, latency: 0 } })).toThrow("'analyticMetricsWeight.cpu' must be a weight from 0 to 1 (got 1.5)");
    expect(() => synth({ logLevel: 9 })).toThrow("'logLevel' must be a whole number from 0 to 5 (got 9)");
    expect(() => synth({ cpaPeriod: 0 })).toThrow("'cpaPeriod' must be a whole number of seconds of at least 1 (got 0)");
    expect(() => synth({ hasTargetClusters: ['Cluster 1'] })).toThrow("'hasTargetClusters' must hold cluster names");
  });
});
