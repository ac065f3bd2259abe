import { App } from 'cdk8s';
import { buildPlatform } from '../../src/charts/platform';
import { synthesizeCharts } from '../../src/pipeline/chart-objects';
import { EXAMPLE_CLUSTER_NAMES, exampleCluster } from '../helpers';

describe('synthesizeCharts', () => {
  test.each(EXAMPLE_CLUSTER_NAMES)('gives exactly what chart.toJson() gives, for every chart of %s', (name) => {
    const charts = buildPlatform(new App({ outdir: 'unused' }), exampleCluster(name)).charts;
    const expected = buildPlatform(new App({ outdir: 'unused' }), exampleCluster(name)).charts.map((chart) => chart.toJson());
    expect(synthesizeCharts(charts)).toEqual(expected);
  });
});
