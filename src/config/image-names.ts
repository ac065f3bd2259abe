/**
 * Image references as container runtimes read them: `[host[:port]/]path[:tag][@sha256:digest]`, where a first path
 * component is a registry host only if it has a dot or a port or is `localhost`; anything else is on Docker Hub, and
 * one-component Docker Hub names live under `library/`.
 */

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
