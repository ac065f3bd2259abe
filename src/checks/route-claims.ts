import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { ManifestEntry } from './manifest';
import { describeObject } from '../kube/objects';

/**
 * One object's claim on a host and path: an Ingress rule path today, an HTTPRoute match when Gateway API routes are
 * added (give them a claims function like ingressClaims and pass both to checkRouteClaims).
 */
export interface RouteClaim {
  readonly entry: ManifestEntry;
  /** The field that makes the claim, such as `spec.rules[0].http.paths[1].path`. */
  readonly field: string;
  /** What serves the claim: an IngressClass or a Gateway. Claims served by different front ends do not clash. */
  readonly frontEnd: string;
  /** Host name; `*` for a rule without host, which matches every host. */
  readonly host: string;
  readonly path: string;
}

export interface RouteClaimFailure {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
}

/** The (host, path) claims of every Ingress. */
export function ingressClaims(entries: readonly ManifestEntry[]): RouteClaim[] {
  return entries
    .filter((entry) => entry.object.kind === 'Ingress')
    .flatMap((entry) => {
      const spec = (entry.object as unknown as IIngress).spec;
      const frontEnd = `IngressClass ${spec?.ingressClassName ?? '(default)'}`;
      return (spec?.rules ?? []).flatMap((rule, ruleIndex) =>
        (rule?.http?.paths ?? []).map((httpPath, pathIndex) => ({
          entry,
          field: `spec.rules[${ruleIndex}].http.paths[${pathIndex}].path`,
          frontEnd,
          host: rule?.host ?? '*',
          path: httpPath?.path ?? '/',
        })),
      );
    });
}

/** Two objects claiming the same host and path on one front end: only one would receive the requests. */
export function checkRouteClaims(claims: readonly RouteClaim[]): RouteClaimFailure[] {
  const failures: RouteClaimFailure[] = [];
  const first = new Map<string, RouteClaim>();
  for (const claim of claims) {
    const key = `${claim.frontEnd}\n${claim.host}\n${claim.path}`;
    const previous = first.get(key);
    if (!previous) {
      first.set(key, claim);
      continue;
    }
    const where = previous.entry === claim.entry ? previous.field : `${describeObject(previous.entry.object)} (${previous.entry.file}, ${previous.field})`;
    failures.push({
      entry: claim.entry,
      field: claim.field,
      message: `host ${claim.host} and path ${claim.path} are already claimed by ${where} on ${claim.frontEnd}; only one of them would receive the requests`,
    });
  }
  return failures;
}
