import { podSecurityLabels } from '../../src/constructs/pod-security-labels';

describe('podSecurityLabels', () => {
  test('restricted by default, with warn and audit at restricted', () => {
    expect(podSecurityLabels('monitoring')).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('a looser level with its reason still warns and audits at restricted', () => {
    expect(podSecurityLabels('kube-flannel', { enforce: 'privileged', reason: 'configures the node network' })).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('fails when a level looser than restricted has no reason', () => {
    expect(() => podSecurityLabels('node-exporter', { enforce: 'privileged' })).toThrow(
      "Namespace 'node-exporter': enforcing Pod Security level privileged needs a 'reason' (got undefined)",
    );
  });

  test('fails on an unknown level', () => {
    expect(() => podSecurityLabels('demo', { enforce: 'strict' as any, reason: 'a typo in the level name' })).toThrow(
      "Namespace 'demo': 'enforce' must be one of privileged, baseline, restricted (got \"strict\")",
    );
  });
});
