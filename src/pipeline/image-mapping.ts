import { KubeObject } from '../kube/objects';
import { isSealed, seal, unsealed } from '../kube/exact-json';
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

/** The objects with their images mapped, and every image with its source. */
export interface MappedObjects {
  /**
   * The objects in the same order: one that is not sealed has its images rewritten in place; a sealed one (frozen and
   * shared with other clusters: src/kube/exact-json.ts) whose images change is replaced by a sealed copy, the same
   * copy for every cluster that maps it the same way.
   */
  readonly objects: KubeObject[];
  /** Every image with where the mirror script copies it from, sorted by image. */
  readonly images: MappedImage[];
}

/**
 * The mapped copies of sealed objects, per object by the images its containers get (in their order), so that a
 * fleet's clusters with the same mirror share them as they share the objects. Held as long as the object is.
 */
const mappedCopies = new WeakMap<object, Map<string, KubeObject>>();

/**
 * The image mapping step of synth: rewrites the image of every container and init container of the objects by
 * `spec.images` (overrides first, then the mirror); see {@link MappedObjects} for which objects change in place.
 * Throws a UserError naming the override when an override matches no image of the cluster, or when two different
 * images would land on the same reference.
 */
export function mapImages(objects: readonly KubeObject[], images: DeepReadonly<ImagesConfig>, where: string): MappedObjects {
  const overrides = new Map(images.overrides.map((override, index) => [normalizeImageName(override.name), { override, index }]));
  const used = new Set<number>();
  const byImage = new Map<string, string>();
  const originalNames = new Set<string>();
  const conflicts: string[] = [];
  // Each image as the manifests name it, mapped: the same for every container that names it.
  const mappedOf = new Map<string, string>();
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
      mappedOf.set(container.image, image);
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
  return {
    objects: objects.map((object) => withMappedImages(object, mappedOf)),
    images: [...byImage.entries()].map(([image, source]) => ({ image, source })).sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0)),
  };
}

/** `object` with each container's image replaced by its mapping: in place, or a sealed copy of a sealed object. */
function withMappedImages(object: KubeObject, mappedOf: ReadonlyMap<string, string>): KubeObject {
  const site = podTemplateOf(object);
  if (!site) return object;
  const containers = containersOf(site).map(({ container }) => container);
  const targets = containers.map((container) => (typeof container.image === 'string' ? mappedOf.get(container.image) ?? container.image : container.image));
  if (targets.every((target, index) => target === containers[index].image)) return object;
  if (!isSealed(object)) {
    containers.forEach((container, index) => (container.image = targets[index]));
    return object;
  }
  const key = targets.map(String).join('\n');
  let copies = mappedCopies.get(object);
  let copy = copies?.get(key);
  if (!copy) {
    copy = unsealed(object);
    containersOf(podTemplateOf(copy)!).forEach(({ container }, index) => (container.image = targets[index]));
    seal(copy);
    if (!copies) mappedCopies.set(object, (copies = new Map()));
    copies.set(key, copy);
  }
  return copy;
}

/** `registry.k8s.io/ingress-nginx/controller` under `mirror.example.org/m` -> `mirror.example.org/m/ingress-nginx/controller`. */
export function mirrored(name: string, mirror: string): string {
  const { host, path } = splitImageName(name);
  if (host === mirror.split('/')[0]) {
    return name;
  }
  return `${mirror}/${path}`;
}
