import { Chart, Testing } from 'cdk8s';
import { OpenMcpPolicy, OpenMcpPolicyProps } from '../../src/constructs/openmcp-policy';

function synth(props: OpenMcpPolicyProps) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpPolicy(chart, 'Policy', props);
  return Testing.synth(chart);
}

describe('OpenMcpPolicy', () => {
  test('minimal: an enabled OpenMCPPolicy with values as strings', () => {
    // GIVEN / WHEN
    const objects = synth({ name: 'log-level', targetController: 'All-OpenMCP-Resource-Controller', policies: [{ type: 'Level', value: [3] }] });
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects[0]).toMatchObject({
      apiVersion: 'openmcp.k8s.io/v1alpha1',
      kind: 'OpenMCPPolicy',
      metadata: { name: 'log-level', namespace: 'openmcp' },
      spec: { template: { spec: { targetController: { kind: 'All-OpenMCP-Resource-Controller' }, policies: [{ type: 'Level', value: ['3'] }] } }, policyStatus: 'Enabled' },
    });
  });

  test('all props', () => {
    // GIVEN
    const all: Required<OpenMcpPolicyProps> = {
      name: 'scheduling-policy',
      targetController: 'OpenMCPSchduler',
      policies: [{ type: 'algorithm', value: ['RR'] }],
      namespace: 'federation',
      rangeOfApplication: 'All',
      enabled: false,
    };
    // WHEN
    const objects = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects[0].spec).toMatchObject({ rangeOfApplication: 'All', policyStatus: 'Disabled' });
  });

  test('fails on a bad name, no settings, an empty value list or a bad controller kind', () => {
    expect(() => synth({ name: 'Log_Level', targetController: 'X', policies: [{ type: 'Level', value: [1] }] })).toThrow("OpenMCPPolicy: 'name' must be a DNS label");
    expect(() => synth({ name: 'p', targetController: 'X', policies: [] })).toThrow("OpenMCPPolicy 'p': 'policies' must hold at least one setting");
    expect(() => synth({ name: 'p', targetController: 'X', policies: [{ type: 'Level', value: [] }] })).toThrow("'policies[0].value' must hold at least one value (setting Level)");
    expect(() => synth({ name: 'p', targetController: 'no kind', policies: [{ type: 'Level', value: [1] }] })).toThrow("'targetController' must be a controller kind");
    expect(() => synth({ name: 'p', targetController: 'X', policies: [{ type: 'Level', value: [Number.NaN] }] })).toThrow("must hold finite numbers");
  });
});
