import { exampleCluster, exampleDocument, problemsOf } from '../helpers';

function withImages(images: unknown): string[] {
  const document = exampleDocument('lab');
  document.spec.images = images;
  return problemsOf(document);
}

describe('images configuration', () => {
  test('defaults: no mirror, no overrides, and the platform of the nodes', () => {
    expect(exampleCluster('lab').spec.images).toEqual({ overrides: [], platforms: ['linux/amd64'] });
  });

  test('a mirror with a port and path, and overrides by name, tag and digest validate', () => {
    expect(
      withImages({
        mirror: 'registry.localtest.com:5000/mirror',
        overrides: [
          { name: 'registry', newTag: '2.8.2' },
          { name: 'quay.io/metallb/speaker', digest: `sha256:${'a'.repeat(64)}` },
          { name: 'grafana/grafana', newName: 'registry.localtest.com/grafana/grafana' },
        ],
      }),
    ).toEqual([]);
  });

  test.each([
    [{ mirror: 'mirror' }, 'spec.images.mirror: the mirror does not start with a registry host'],
    [{ mirror: 'https://registry.localtest.com' }, 'spec.images.mirror: not a valid registry prefix'],
    [{ overrides: [{ name: 'registry' }] }, 'spec.images.overrides[0]: the override changes nothing'],
    [{ overrides: [{ name: 'registry:2.8.3', newTag: '2.8.2' }] }, 'spec.images.overrides[0].name: not a valid image name'],
    [{ overrides: [{ name: 'registry', newTag: 'latest' }] }, 'spec.images.overrides[0].newTag: the latest tag is not pinned'],
    [{ overrides: [{ name: 'registry', digest: 'sha256:abc' }] }, 'spec.images.overrides[0].digest: not a valid image digest'],
    [{ overrides: [{ name: 'registry', newTag: '2' }, { name: 'docker.io/library/registry', newTag: '3' }] }, 'spec.images.overrides[1].name: image is overridden twice'],
    [{ mirrors: 'registry.localtest.com' }, 'spec.images.mirrors: unknown field'],
  ])('fails on %j', (images, message) => {
    expect(withImages(images).join('\n')).toContain(message);
  });
});
