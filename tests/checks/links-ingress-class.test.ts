import { checkLinks } from '../../src/checks/links';
import { baseline, entriesOf, LABELS, pick, SUPPLIED } from './fixtures';

function failuresOf(objects: any[]): string[] {
  return checkLinks({ entries: entriesOf(objects), suppliedSecrets: SUPPLIED }).map(
    (failure) => `${failure.entry.object.kind} ${failure.entry.object.metadata.name}: ${failure.field}: ${failure.message}`,
  );
}

const NGINX_CLASS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx', labels: LABELS },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

describe('link check: Ingress classes', () => {
  test('accepts an Ingress whose class is in the output', () => {
    const objects = [...baseline(), structuredClone(NGINX_CLASS)];
    pick(objects, 'Ingress').spec.ingressClassName = 'nginx';
    expect(failuresOf(objects)).toEqual([]);
  });

  test('accepts an Ingress that names no class', () => {
    expect(failuresOf(baseline())).toEqual([]);
  });

  test('fails when an Ingress names an IngressClass that is not in the output', () => {
    const objects = [...baseline(), structuredClone(NGINX_CLASS)];
    pick(objects, 'Ingress').spec.ingressClassName = 'traefik';
    expect(failuresOf(objects)).toEqual([
      "Ingress demo: spec.ingressClassName: IngressClass 'traefik' does not exist, so no ingress controller would serve this Ingress",
    ]);
  });

  test('fails when the output has no IngressClass at all', () => {
    const objects = baseline();
    pick(objects, 'Ingress').spec.ingressClassName = 'nginx';
    expect(failuresOf(objects)).toEqual([expect.stringContaining("spec.ingressClassName: IngressClass 'nginx' does not exist")]);
  });
});
