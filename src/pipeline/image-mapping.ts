import { KubeObject } from '../kube/objects';
import { containersOf, podTemplateOf } from '../kube/workloads';
import { DeepReadonly } from '../config/cluster';
import { formatImageReference, normalizeImageName, parseImageReference, splitImageName } from '../kube/image-reference';
import { ImagesConfig } from '../config/schema';
import { UserError } from '../config/errors';

/** One image of the output: what the manifests name, and where the mirror script copies it from. */
export interface MappedImage {
  /** The reference in the manifests, after the mapping. */
  readonly image: string;
  /** Where to copy it from to the site registry; equal to `image` when nothing needs copying. */
  readonly source: string;
}

/**
 * The image mapping step of synth: rewrites the image of every container and init container of the objects, in
 * place, by `spec.images` (overrides first, then the mirror); an object whose images change must not be sealed
 * (src/kube/exact-json.ts: synthesize-cluster.ts copies those first). Returns every image with its source, sorted by image.
 * Throws a UserError naming the override when an override matches no image of the cluster, or when two different
 * images would land on the same reference.
 */
export function mapImages(objects: readonly KubeObject[], images: DeepReadonly<ImagesConfig>, where: string): MappedImage[] {
  const overrides = new Map(images.overrides.map((override, index) => [normalizeImageName(override.name), { override, index }]));
  const used = new Set<number>();
  const byImage = new Map<string, string>();
  const originalNames = new Set<string>();
  const conflicts: string[] = [];
  for (const object of objects) {
    const site = podTemplateOf(object);
    if (!site) continue;
    for (const { container } of containersOf(site)) {
      if (typeof container.image !== 'string') {
        continue; // a patched container without an image: the schema check reports it
      }
      const original = parseImageReference(container.image);
      originalNames.add(original.name);
      const match = overrides.get(normalizeImageName(original.name));
      if (match) used.add(match.index);
      const override = match?.override;
      const tag = override?.newTag ?? original.tag;
      const digest = override?.digest ?? original.digest;
      const sourceName = override?.newName ?? original.name;
      const name = override?.newName ?? (images.mirror ? mirrored(original.name, images.mirror) : original.name);
      const image = formatImageReference({ name, tag, digest });
      const source = formatImageReference({ name: sourceName, tag, digest });
      const previous = byImage.get(image);
      if (previous !== undefined && previous !== source) {
        conflicts.push(`${image} (from ${previous} and ${source})`);
      }
      byImage.set(image, source);
      if (container.image !== image) container.image = image;
    }
  }
  const problems = images.overrides
    .map((override, index) => ({ override, index }))
    .filter(({ index }) => !used.has(index))
    .map(
      ({ override, index }) =>
        `spec.images.overrides[${index}].name: matches no image of the cluster (got ${JSON.stringify(override.name)}, expected one of ${[...originalNames].sort().join(', ')})`,
    );
  problems.push(...conflicts.map((conflict) => `spec.images: two images are mapped to ${conflict}; add an override with a newName for one of them`));
  if (problems.length > 0) {
    throw new UserError(`${where}: ${problems.join('\n')}`);
  }
  return [...byImage.entries()].map(([image, source]) => ({ image, source })).sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}

/** `registry.k8s.io/ingress-nginx/controller` under `mirror.example.org/m` -> `mirror.example.org/m/ingress-nginx/controller`. */
export function mirrored(name: string, mirror: string): string {
  const { host, path } = splitImageName(name);
  if (host === mirror.split('/')[0]) {
    return name;
  }
  return `${mirror}/${path}`;
}
