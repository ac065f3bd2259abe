import { isDnsLabel, isDnsSubdomain, isHostOrAddress, isKubeletSettableLabel, isLabelKey, isLabelValue } from '../../src/kube/names';

describe('isDnsLabel', () => {
  test.each([
    ['lab', true],
    ['node-1', true],
    ['1node', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['Lab', false],
    ['-lab', false],
    ['lab-', false],
    ['lab.example', false],
    ['', false],
  ])('%s: %s', (text, valid) => {
    expect(isDnsLabel(text)).toBe(valid);
  });
});

describe('isDnsSubdomain and isHostOrAddress', () => {
  test('accept dotted DNS names up to 253 characters, and addresses only as hosts', () => {
    expect(isDnsSubdomain('registry.example.org')).toBe(true);
    expect(isDnsSubdomain(['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.'))).toBe(true);
    expect(isDnsSubdomain(['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(62)].join('.'))).toBe(false);
    expect(isDnsSubdomain('Registry.example.org')).toBe(false);
    expect(isHostOrAddress('192.168.111.10')).toBe(true);
    expect(isHostOrAddress('master.lab')).toBe(true);
    expect(isHostOrAddress('master_1')).toBe(false);
  });
});

describe('isLabelKey and isLabelValue', () => {
  test.each([
    ['app', true],
    ['app.kubernetes.io/name', true],
    ['example.org/Rack_1', true],
    ['/name', false],
    ['Example.org/name', false],
    ['example.org/', false],
    [`example.org/${'n'.repeat(64)}`, false],
    ['-name', false],
  ])('key %s: %s', (key, valid) => {
    expect(isLabelKey(key)).toBe(valid);
  });

  test('values may be empty, at most 63 characters, starting and ending with a letter or digit', () => {
    expect(isLabelValue('')).toBe(true);
    expect(isLabelValue('v1.2_3-a')).toBe(true);
    expect(isLabelValue('a'.repeat(64))).toBe(false);
    expect(isLabelValue('-a')).toBe(false);
    expect(isLabelValue('a b')).toBe(false);
  });
});

describe('isKubeletSettableLabel', () => {
  test.each([
    ['disk', true],
    ['example.org/rack', true],
    ['topology.kubernetes.io/region', true],
    ['topology.kubernetes.io/zone', true],
    ['failure-domain.beta.kubernetes.io/zone', true],
    ['node.kubernetes.io/instance-type', true],
    ['kubelet.kubernetes.io/custom', true],
    ['x.node.kubernetes.io/custom', true],
    ['node-role.kubernetes.io/worker', false],
    ['kubernetes.io/role', false],
    ['app.kubernetes.io/name', false],
    ['k8s.io/anything', false],
  ])('%s: %s', (key, settable) => {
    expect(isKubeletSettableLabel(key)).toBe(settable);
  });
});
