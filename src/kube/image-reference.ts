/**
 * Image references as container runtimes read them: `[host[:port]/]path[:tag][@sha256:digest]`, where a first path
 * component is a registry host only if it has a dot or a port or is `localhost`; anything else is on Docker Hub, and
 * one-component Docker Hub names live under `library/`.
 */

// One path component of a repository: lower-case letters and digits, single separators "." "_" "-" between them.
const COMPONENT = '[a-z0-9]+([._-][a-z0-9]+)*';
const TAG_FIRST = '[\\w]';
const TAG_REST = '[\\w.-]';
const TAG = `${TAG_FIRST}${TAG_REST}{0,127}`;
const DIGEST = 'sha256:[a-f0-9]{64}';

/** A repository path inside a registry, without host, tag or digest, e.g. `ingress-nginx/controller`. */
export const IMAGE_REPOSITORY = new RegExp(`^${COMPONENT}(\\/${COMPONENT})*$`);
/** An image name without tag or digest, optionally starting with a registry host and port. */
export const IMAGE_NAME = new RegExp(`^${COMPONENT}(:[0-9]+)?(\\/${COMPONENT})*$`);
/** A tag: letters, digits, `_`, `.` or `-`, at most 128 characters, not starting with `.` or `-`. */
export const IMAGE_TAG = new RegExp(`^${TAG}$`);
/** A sha256 content digest. */
export const IMAGE_DIGEST = new RegExp(`^${DIGEST}$`);
/** `repository[:tag][@sha256:digest]`, where the repository may start with a registry host and port. */
export const IMAGE_REFERENCE = new RegExp(`^${COMPONENT}(:[0-9]+)?(\\/${COMPONENT})*(:${TAG})?(@${DIGEST})?$`);

export const DOCKER_HUB = 'docker.io';

/** The parts of an image reference. */
export interface ImageReferenceParts {
  /** Repository as written, without tag or digest, e.g. `registry.k8s.io/ingress-nginx/controller` or `nginx`. */
  readonly name: string;
  /** e.g. `v1.12.1`; undefined when the reference has none. */
  readonly tag?: string;
  /** e.g. `sha256:…`; undefined when the reference has none. */
  readonly digest?: string;
}

export function parseImageReference(reference: string): ImageReferenceParts {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const rest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const name = tag !== undefined ? rest.slice(0, colon) : rest;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function formatImageReference(parts: ImageReferenceParts): string {
  return `${parts.name}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
}

/** Registry host and repository path of an image name, Docker Hub's defaults made explicit. */
export function splitImageName(name: string): { readonly host: string; readonly path: string } {
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  if (slash >= 0 && (/[.:]/.test(first) || first === 'localhost')) {
    const path = name.slice(slash + 1);
    return { host: first, path: first === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path };
  }
  return { host: DOCKER_HUB, path: name.includes('/') ? name : `library/${name}` };
}

/** The fully qualified form of an image name, so `nginx` and `docker.io/library/nginx` compare equal. */
export function normalizeImageName(name: string): string {
  const { host, path } = splitImageName(name);
  return `${host}/${path}`;
}

const TAG_OR_DIGEST = new RegExp(`:${TAG_FIRST}${TAG_REST}*$|@sha256:`);

/** Whether a reference names a tag or a digest at all (a registry port, `host:5000/`, is not a tag). */
export function hasTagOrDigest(reference: string): boolean {
  return TAG_OR_DIGEST.test(reference.replace(/^[^/]*:\d+\//, ''));
}

const PINNED_BY_DIGEST = new RegExp(`@${DIGEST}$`);

/** An image reference with an explicit tag other than `latest`, or a digest. */
export function isPinnedImage(image: string): boolean {
  if (PINNED_BY_DIGEST.test(image)) {
    return true;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon > 0 && lastSegment.slice(colon + 1) !== 'latest' && lastSegment.slice(colon + 1) !== '';
}
