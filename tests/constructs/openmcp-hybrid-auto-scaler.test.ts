import { Chart, Testing } from 'cdk8s';
import { OpenMcpDeployment } from '../../src/constructs/openmcp-deployment';
import { OpenMcpHybridAutoScaler, OpenMcpHybridAutoScalerProps } from '../../src/constructs/openmcp-hybrid-auto-scaler';

function setup() {
  const chart = new Chart(Testing.app(), 'test');
  const target = new OpenMcpDeployment(chart, 'Deployment', { name: 'openmcp-deployment', containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] });
  return { chart, target };
}

describe('OpenMcpHybridAutoScaler', () => {
  test('minimal: scales its OpenMCPDeployment on CPU, with a VPA where no requests are set', () => {
    // GIVEN
    const { chart, target } = setup();
    // WHEN
    new OpenMcpHybridAutoScaler(chart, 'Has', { name: 'openmcp-has', target, maxReplicas: 10 });
    // THEN
    const objects = Testing.synth(chart);
    const has = objects.find((object) => object.kind === 'OpenMCPHybridAutoScaler')!;
    expect(has).toMatchSnapshot();
    // The shape the HAS controller reads (types.go: mainController + scalingOptions), not the seed's hpaTemplate + vpaMode.
    expect(has.spec).toEqual({
      mainController: 'MemberCluster',
      scalingOptions: {
        hpaTemplate: {
          spec: {
            scaleTargetRef: { kind: 'OpenMCPDeployment', name: 'openmcp-deployment' },
            minReplicas: 1,
            maxReplicas: 10,
            metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
          },
        },
        vpaTemplate: 'Auto',
      },
    });
    // After its target, so the controller finds the deployment.
    expect(objects.map((object) => object.kind)).toEqual(['OpenMCPDeployment', 'OpenMCPHybridAutoScaler']);
  });

  test('all props', () => {
    // GIVEN
    const { chart, target } = setup();
    const all: Required<OpenMcpHybridAutoScalerProps> = {
      name: 'openmcp-has',
      target,
      minReplicas: 2,
      maxReplicas: 4,
      mainController: 'MemberCluster',
      vpaTemplate: 'Never',
      metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }],
    };
    // WHEN
    new OpenMcpHybridAutoScaler(chart, 'Has', all);
    // THEN
    const has = Testing.synth(chart).find((object) => object.kind === 'OpenMCPHybridAutoScaler')!;
    expect(has).toMatchSnapshot();
    expect(has.spec.scalingOptions.vpaTemplate).toBe('Never');
  });

  test('mainController OpenMCP: cluster-level scaling through a cpaTemplate', () => {
    // GIVEN
    const { chart, target } = setup();
    // WHEN
    new OpenMcpHybridAutoScaler(chart, 'Has', { name: 'openmcp-has', target, mainController: 'OpenMCP', minReplicas: 1, maxReplicas: 6 });
    // THEN
    const has = Testing.synth(chart).find((object) => object.kind === 'OpenMCPHybridAutoScaler')!;
    expect(has.spec).toEqual({
      mainController: 'OpenMCP',
      scalingOptions: { cpaTemplate: { scaleTargetRef: { kind: 'OpenMCPDeployment', name: 'openmcp-deployment' }, minReplicas: 1, maxReplicas: 6 } },
    });
  });

  test('fails when max is below min or min below 1', () => {
    const { chart, target } = setup();
    expect(() => new OpenMcpHybridAutoScaler(chart, 'A', { name: 'has', target, minReplicas: 5, maxReplicas: 2 })).toThrow(
      "OpenMCPHybridAutoScaler 'has': 'maxReplicas' (2) must be a whole number of at least 'minReplicas' (5)",
    );
    expect(() => new OpenMcpHybridAutoScaler(chart, 'B', { name: 'has', target, minReplicas: 0, maxReplicas: 2 })).toThrow("'minReplicas' must be a whole number of at least 1 (got 0)");
    expect(() => new OpenMcpHybridAutoScaler(chart, 'C', { name: 'has', target, maxReplicas: 2, metrics: [] })).toThrow("'metrics' must hold at least one metric");
    expect(() => new OpenMcpHybridAutoScaler(chart, 'D', { name: 'has', target, maxReplicas: 2, vpaTemplate: 'Recreate' as never })).toThrow("'vpaTemplate' must be one of Never, Auto, Always");
    expect(() => new OpenMcpHybridAutoScaler(chart, 'E', { name: 'has', target, maxReplicas: 2, mainController: 'Member' as never })).toThrow("'mainController' must be one of MemberCluster, OpenMCP");
    expect(() => new OpenMcpHybridAutoScaler(chart, 'F', { name: 'has', target, maxReplicas: 2, mainController: 'OpenMCP', vpaTemplate: 'Always' })).toThrow(
      "OpenMCPHybridAutoScaler 'has': 'metrics' and 'vpaTemplate' apply only with mainController MemberCluster",
    );
  });

  test('fails when it targets a deployment that does not exist next to it', () => {
    // GIVEN: a deployment of another app, and something that only looks like one
    const { chart } = setup();
    const elsewhere = setup().target;
    const lookalike = { name: 'openmcp-deployment', namespace: 'openmcp' } as unknown as OpenMcpDeployment;
    // THEN
    expect(() => new OpenMcpHybridAutoScaler(chart, 'A', { name: 'has', target: elsewhere, maxReplicas: 2 })).toThrow(
      "OpenMCPHybridAutoScaler 'has': 'target' OpenMCPDeployment 'openmcp-deployment' belongs to another app, so it would not exist next to the autoscaler",
    );
    expect(() => new OpenMcpHybridAutoScaler(chart, 'B', { name: 'has', target: lookalike, maxReplicas: 2 })).toThrow("'target' must be an OpenMcpDeployment construct");
  });
});
