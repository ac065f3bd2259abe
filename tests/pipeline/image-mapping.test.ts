import { containersOf, podTemplateOf } from '../../src/kube/workloads';
import { KubeObject } from '../../src/kube/objects';
import { mapImages, mirrored } from '../../src/pipeline/image-mapping';
import { isSealed, seal } from '../../src/kube/exact-json';
import { UserError } from '../../src/config/errors';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, EXAMPLE_CLUSTER_NAMES, exampleCluster } from '../helpers';

const DIGEST = `sha256:${'b'.repeat(64)}`;

/** Every image of every container and init container of the output's manifests. */
function manifestImages(objects: readonly KubeObject[]): string[] {
  return objects.flatMap((object) => {
    const site = podTemplateOf(object);
    return site ? containersOf(site).map(({ container }) => container.image as string) : [];
  });
}

function deployment(...images: string[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default' },
    spec: { template: { metadata: {}, spec: { initContainers: [{ name: 'init', image: images[0] }], containers: images.slice(1).map((image, index) => ({ name: `c${index}`, image })) } } },
  };
}

describe('image list', () => {
  test.each(EXAMPLE_CLUSTER_NAMES)('%s: images.txt and output.images equal the set of images in the manifests', (name) => {
    const output = synthesizeCluster(exampleCluster(name));
    const inManifests = [...new Set(manifestImages(output.manifests.flatMap((manifest) => manifest.objects)))].sort();
    expect(output.images).toEqual(inManifests);
    expect(output.files.get('images.txt')).toBe(inManifests.map((image) => `${image}\n`).join(''));
  });
});

describe('mapImages', () => {
  test('without a mapping nothing changes and every image is its own source', () => {
    const objects = [deployment('busybox:1.36', 'registry.k8s.io/pause:3.9')];
    const result = mapImages(objects, { overrides: [] }, 'lab');
    expect(result.objects[0]).toBe(objects[0]);
    expect(result.images).toEqual([
      { image: 'busybox:1.36', source: 'busybox:1.36' },
      { image: 'registry.k8s.io/pause:3.9', source: 'registry.k8s.io/pause:3.9' },
    ]);
    expect(manifestImages(objects)).toEqual(['busybox:1.36', 'registry.k8s.io/pause:3.9']);
  });

  test('the mirror rewrites every container and init container image of the cluster, and keeps digests', () => {
    // GIVEN
    const withDigest = (document: any) => (document.spec.ingress.controllerImage = `docker.io/library/traefik:v3.7.13@${DIGEST}`);
    const cluster = clusterWith('lab', (document) => {
      withDigest(document);
      document.spec.images = { mirror: 'mirror.localtest.com:5000/site' };
    });
    // WHEN
    const output = synthesizeCluster(cluster);
    // THEN
    const images = manifestImages(output.manifests.flatMap((manifest) => manifest.objects));
    for (const image of images) {
      expect(image.startsWith('mirror.localtest.com:5000/site/') || image.startsWith('registry.localtest.com/')).toBe(true);
    }
    const original = manifestImages(synthesizeCluster(clusterWith('lab', withDigest)).manifests.flatMap((manifest) => manifest.objects));
    const digested = original.filter((image) => image.includes('@sha256:'));
    expect(digested.length).toBeGreaterThan(0);
    for (const image of digested) {
      expect(images.some((mapped) => mapped.endsWith(image.slice(image.indexOf('@'))))).toBe(true);
    }
    expect(output.check.failures).toEqual([]);
    expect(output.files.get('image-sources.txt')).toContain(
      `mirror.localtest.com:5000/site/library/traefik:v3.7.13@${DIGEST} docker.io/library/traefik:v3.7.13@${DIGEST}`,
    );
  });

  test('a mirror in one cluster leaves the objects another cluster shares with it as they were', () => {
    // Clusters that repeat an object share one sealed (frozen) copy of it (src/kube/exact-json.ts); the mapping must
    // rewrite a copy of its own, before and after the other cluster's synth.
    const plain = () => manifestImages(synthesizeCluster(exampleCluster('lab'), { draw: false }).manifests.flatMap((manifest) => manifest.objects));
    const before = plain();
    const mirroredOutput = synthesizeCluster(
      clusterWith('lab', (document) => (document.spec.images = { mirror: 'mirror.localtest.com:5000/site' })),
      { draw: false },
    );
    const mirroredImages = manifestImages(mirroredOutput.manifests.flatMap((manifest) => manifest.objects));
    expect(mirroredImages.filter((image) => image.startsWith('mirror.localtest.com:5000/site/')).length).toBeGreaterThan(10);
    expect(before.some((image) => image.startsWith('mirror.localtest.com'))).toBe(false);
    expect(plain()).toEqual(before);
  });

  test('Docker Hub names keep their library/ path under the mirror; images on the mirror host stay', () => {
    expect(mirrored('registry', 'm.example.org/x')).toBe('m.example.org/x/library/registry');
    expect(mirrored('grafana/grafana', 'm.example.org')).toBe('m.example.org/grafana/grafana');
    expect(mirrored('docker.io/prom/prometheus', 'm.example.org')).toBe('m.example.org/prom/prometheus');
    expect(mirrored('quay.io/metallb/speaker', 'm.example.org:5000')).toBe('m.example.org:5000/metallb/speaker');
    expect(mirrored('m.example.org/team/app', 'm.example.org/mirror')).toBe('m.example.org/team/app');
  });

  test('overrides change name, tag or digest before the mirror; a newName is final', () => {
    const objects = [deployment('busybox:1.36', 'quay.io/metallb/speaker:v0.14.8', 'grafana/grafana:11.6.1', 'registry.k8s.io/pause:3.9')];
    const { images: mapped, objects: result } = mapImages(
      objects,
      {
        mirror: 'mirror.example.org',
        overrides: [
          { name: 'docker.io/library/busybox', newTag: '1.37' },
          { name: 'quay.io/metallb/speaker', digest: DIGEST },
          { name: 'grafana/grafana', newName: 'other.example.org/grafana' },
        ],
      },
      'lab',
    );
    // An object that is not sealed changes in place.
    expect(result[0]).toBe(objects[0]);
    expect(manifestImages(objects)).toEqual([
      'mirror.example.org/library/busybox:1.37',
      `mirror.example.org/metallb/speaker:v0.14.8@${DIGEST}`,
      'other.example.org/grafana:11.6.1',
      'mirror.example.org/pause:3.9',
    ]);
    expect(mapped).toContainEqual({ image: `mirror.example.org/metallb/speaker:v0.14.8@${DIGEST}`, source: `quay.io/metallb/speaker:v0.14.8@${DIGEST}` });
    expect(mapped).toContainEqual({ image: 'other.example.org/grafana:11.6.1', source: 'other.example.org/grafana:11.6.1' });
  });

  test('a sealed object gets a sealed copy, shared by every cluster that maps it the same way', () => {
    const original = deployment('busybox:1.36', 'registry.k8s.io/pause:3.9');
    expect(seal(original)).toBe(true);
    const mirror = (host: string) => mapImages([original], { mirror: host, overrides: [] }, 'lab').objects[0];
    const first = mirror('mirror.example.org');
    expect(first).not.toBe(original);
    expect(isSealed(first)).toBe(true);
    expect(manifestImages([first])).toEqual(['mirror.example.org/library/busybox:1.36', 'mirror.example.org/pause:3.9']);
    expect(manifestImages([original])).toEqual(['busybox:1.36', 'registry.k8s.io/pause:3.9']);
    // The same mapping again: the same copy. Another mirror: another copy. No mapping: the object itself.
    expect(mirror('mirror.example.org')).toBe(first);
    const other = mirror('other.example.org');
    expect(other).not.toBe(first);
    expect(manifestImages([other])).toEqual(['other.example.org/library/busybox:1.36', 'other.example.org/pause:3.9']);
    expect(mapImages([original], { overrides: [] }, 'lab').objects[0]).toBe(original);
    expect({ ...first, spec: undefined }).toEqual({ ...original, spec: undefined });
  });

  test('fails when an override matches no image, naming it and the images there are', () => {
    expect(() => mapImages([deployment('busybox:1.36')], { overrides: [{ name: 'nginx', newTag: '1.27' }] }, 'lab')).toThrow(
      new UserError('lab: spec.images.overrides[0].name: matches no image of the cluster (got "nginx", expected one of busybox)'),
    );
  });

  test('fails when two different images land on the same reference', () => {
    const objects = [deployment('quay.io/team/app:1.0', 'ghcr.io/team/app:1.0')];
    expect(() => mapImages(objects, { mirror: 'mirror.example.org', overrides: [] }, 'lab')).toThrow('two images are mapped to mirror.example.org/team/app:1.0');
  });

  test('fails when the mirror is the cluster\'s own registry, which cannot serve the images that start the cluster', () => {
    expect(() => clusterWith('lab', (document) => (document.spec.images = { mirror: 'registry.localtest.com/mirror' }))).toThrow(
      'spec.images.mirror: points at the registry the cluster itself serves',
    );
  });
});
