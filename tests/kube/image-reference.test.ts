import {
  formatImageReference,
  hasTagOrDigest,
  IMAGE_DIGEST,
  IMAGE_NAME,
  IMAGE_REFERENCE,
  IMAGE_REPOSITORY,
  IMAGE_TAG,
  isPinnedImage,
  normalizeImageName,
  parseImageReference,
  splitImageName,
} from '../../src/kube/image-reference';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('the image reference grammar', () => {
  test.each([
    ['registry:3.1.1', true],
    ['registry.k8s.io/ingress-nginx/controller:v1.15.1', true],
    [`registry.example.org:5000/demo@${DIGEST}`, true],
    [`registry.example.org:5000/demo:1.0@${DIGEST}`, true],
    ['nginx', true],
    ['Nginx:1.27', false],
    ['nginx:', false],
    ['nginx:-1', false],
    ['registry.example.org:port/demo:1.0', false],
    ['demo@sha256:abc', false],
  ])('reference %s: %s', (text, valid) => {
    expect(IMAGE_REFERENCE.test(text)).toBe(valid);
  });

  test('names, repositories, tags and digests are the parts of the one grammar', () => {
    expect(IMAGE_NAME.test('registry.example.org:5000/ingress-nginx/controller')).toBe(true);
    expect(IMAGE_NAME.test('nginx:1.27')).toBe(false);
    expect(IMAGE_REPOSITORY.test('ingress-nginx/controller')).toBe(true);
    expect(IMAGE_REPOSITORY.test('registry.example.org:5000/demo')).toBe(false);
    expect(IMAGE_TAG.test('v1.12.1')).toBe(true);
    expect(IMAGE_TAG.test('a'.repeat(129))).toBe(false);
    expect(IMAGE_DIGEST.test(DIGEST)).toBe(true);
    expect(IMAGE_DIGEST.test(DIGEST.toUpperCase())).toBe(false);
  });
});

describe('isPinnedImage', () => {
  test.each([
    ['registry:2.8.3', true],
    [`registry.example.org:5000/demo@${DIGEST}`, true],
    ['registry.example.org:5000/demo:1.0', true],
    ['registry.example.org:5000/demo', false],
    ['nginx', false],
    ['nginx:latest', false],
    ['nginx:', false],
  ])('%s: %s', (image, pinned) => {
    expect(isPinnedImage(image)).toBe(pinned);
  });
});

describe('hasTagOrDigest', () => {
  test.each([
    ['nginx:1.27.3', true],
    [`nginx@${DIGEST}`, true],
    ['registry.example.org:5000/demo', false],
    ['registry.example.org:5000/demo:1.0', true],
    ['nginx', false],
    ['nginx:', false],
  ])('%s: %s', (reference, named) => {
    expect(hasTagOrDigest(reference)).toBe(named);
  });
});

describe('parsing image references', () => {
  test('splits name, tag and digest, and formats them back', () => {
    const reference = `registry.example.org:5000/demo:1.0@${DIGEST}`;
    expect(parseImageReference(reference)).toEqual({ name: 'registry.example.org:5000/demo', tag: '1.0', digest: DIGEST });
    expect(parseImageReference('registry.example.org:5000/demo')).toEqual({ name: 'registry.example.org:5000/demo' });
    expect(formatImageReference(parseImageReference(reference))).toBe(reference);
  });

  test('makes Docker Hub explicit, so short and long names compare equal', () => {
    expect(splitImageName('nginx')).toEqual({ host: 'docker.io', path: 'library/nginx' });
    expect(splitImageName('grafana/grafana')).toEqual({ host: 'docker.io', path: 'grafana/grafana' });
    expect(splitImageName('localhost/demo')).toEqual({ host: 'localhost', path: 'demo' });
    expect(normalizeImageName('docker.io/nginx')).toBe(normalizeImageName('nginx'));
    expect(normalizeImageName('quay.io/metallb/controller')).toBe('quay.io/metallb/controller');
  });
});
