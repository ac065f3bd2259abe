import { checkCluster } from '../../src/checks';
import { checkRouteClaims, ingressClaims } from '../../src/checks/route-claims';
import { baseline, entriesOf, pick, SUPPLIED } from './fixtures';

function failuresOf(objects: any[]): string[] {
  return checkRouteClaims(ingressClaims(entriesOf(objects))).map((failure) => `${failure.entry.object.kind} ${failure.entry.object.metadata.name}: ${failure.field}: ${failure.message}`);
}

function secondIngress(objects: any[], change: (ingress: any) => void = () => undefined): any[] {
  const copy = structuredClone(pick(objects, 'Ingress'));
  copy.metadata.name = 'demo-copy';
  change(copy);
  return [...objects, copy];
}

describe('route claims', () => {
  test('fails when two Ingresses claim the same host and path', () => {
    expect(failuresOf(secondIngress(baseline()))).toEqual([
      'Ingress demo-copy: spec.rules[0].http.paths[0].path: host demo.example.org and path / are already claimed by Ingress demo/demo (01-test.yaml, spec.rules[0].http.paths[0].path) on IngressClass (default); only one of them would receive the requests',
    ]);
  });

  test('fails when one Ingress claims a host and path twice', () => {
    const objects = baseline();
    const ingress = pick(objects, 'Ingress');
    ingress.spec.rules.push(structuredClone(ingress.spec.rules[0]));
    expect(failuresOf(objects)).toEqual([expect.stringContaining('spec.rules[1].http.paths[0].path: host demo.example.org and path / are already claimed by spec.rules[0].http.paths[0].path')]);
  });

  test('accepts another path, another host, or another ingress class', () => {
    expect(failuresOf(secondIngress(baseline(), (ingress) => (ingress.spec.rules[0].http.paths[0].path = '/api')))).toEqual([]);
    expect(failuresOf(secondIngress(baseline(), (ingress) => (ingress.spec.rules[0].host = 'other.example.org')))).toEqual([]);
    expect(failuresOf(secondIngress(baseline(), (ingress) => (ingress.spec.ingressClassName = 'internal')))).toEqual([]);
  });

  test('is part of the cluster checks', () => {
    const result = checkCluster({ cluster: 'lab', entries: entriesOf(secondIngress(baseline())), suppliedSecrets: SUPPLIED, waivers: new Map() });
    expect(result.failures.map((failure) => failure.message)).toContainEqual(expect.stringContaining('are already claimed by Ingress demo/demo'));
  });
});
