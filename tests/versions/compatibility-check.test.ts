import { checkComponents, ComponentCompatibility, formatRange, isInRange, newestSupportedVersion } from '../../src/versions/compatibility-check';
import { KUBERNETES_MINORS } from '../../src/versions/kubernetes-releases';

const component = (id: string, min: string, max?: string, extra: Partial<ComponentCompatibility> = {}): ComponentCompatibility => ({
  id,
  name: id,
  version: '1.0.0',
  kubernetes: { min, max },
  note: `${id} note`,
  ...extra,
});

describe('compatibility rules', () => {
  test('a range includes both ends', () => {
    expect(['1.30', '1.31', '1.35', '1.36'].map((minor) => isInRange(minor, { min: '1.31', max: '1.35' }))).toEqual([false, true, true, false]);
    expect(isInRange('1.99', { min: '1.31' })).toBe(true);
    expect(formatRange({ min: '1.31', max: '1.35' })).toBe('>=1.31 <=1.35');
    expect(formatRange({ min: '1.31' })).toBe('>=1.31');
  });

  test('the newest supported version ignores opt-in and node components', () => {
    const newest = [...KUBERNETES_MINORS].reverse().find((entry) => entry.newestPatch !== undefined)!;
    const capped = [...KUBERNETES_MINORS].reverse().find((entry) => entry.newestPatch !== undefined && entry.minor !== newest.minor)!;
    expect(newestSupportedVersion([component('a', '1.21')])).toBe(newest.newestPatch);
    expect(newestSupportedVersion([component('a', '1.21', capped.minor)])).toBe(capped.newestPatch);
    expect(newestSupportedVersion([component('a', '1.21'), component('b', '1.21', capped.minor, { optIn: true }), component('c', '1.21', capped.minor, { onNodes: true })])).toBe(
      newest.newestPatch,
    );
  });

  test('fails when no minor with a known patch suits every default component', () => {
    expect(() => newestSupportedVersion([component('old', '1.21', '1.22')])).toThrow(/^no Kubernetes minor from \S+ to \S+ with a known patch release suits every default component$/);
  });

  test('only enabled cluster components are checked', () => {
    const components = [component('capped', '1.21', '1.33'), component('host', '1.21', '1.33', { onNodes: true })];
    expect(checkComponents('1.35.0', { capped: { enabled: false }, host: { enabled: true } }, components)).toEqual({ errors: [], warnings: [] });
    expect(checkComponents('1.35.0', { capped: { enabled: true } }, components).errors).toEqual([
      expect.stringMatching(/^spec\.kubernetesVersion: capped 1\.0\.0 does not support Kubernetes 1\.35 \(got 1\.35\.0, expected >=1\.21 <=1\.33: capped note\)/),
    ]);
  });
});
