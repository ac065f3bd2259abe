import { PolicyRule, PolicyWaiver } from '../constructs/policy-waiver';
import { checkLinks, ExternalSecretRef } from './links';
import { CheckFailure, describeObject, KubeObject, ManifestEntry } from './manifest';
import { checkPolicy } from './policy';
import { checkRouteClaims, ingressClaims } from './route-claims';
import { checkSchemas } from './schema-check';

export * from './manifest';
export { BUILT_IN_NAMESPACES } from './links';

export interface ClusterCheckInput {
  readonly cluster: string;
  readonly entries: readonly ManifestEntry[];
  /** Secrets the operator supplies at apply time. */
  readonly suppliedSecrets: readonly ExternalSecretRef[];
  /** Waivers declared by the constructs, per object. */
  readonly waivers: ReadonlyMap<KubeObject, readonly PolicyWaiver[]>;
}

export interface AppliedWaiver {
  readonly object: string;
  readonly rule: PolicyRule;
  readonly reason: string;
}

export interface ClusterCheckResult {
  readonly failures: readonly CheckFailure[];
  /** Waivers that excused a finding; listed in the summary. */
  readonly appliedWaivers: readonly AppliedWaiver[];
  /** Non-fatal findings, such as a waiver that excused nothing. */
  readonly warnings: readonly string[];
}

/** Runs the schema, link and policy checks over one cluster's output and reports every failure at once. */
export function checkCluster(input: ClusterCheckInput): ClusterCheckResult {
  const failures: CheckFailure[] = [];
  const toFailure = (check: CheckFailure['check']) => (finding: { entry: ManifestEntry; field: string; message: string }): CheckFailure => ({
    cluster: input.cluster,
    file: finding.entry.file,
    object: describeObject(finding.entry.object),
    field: finding.field,
    message: finding.message,
    check,
  });
  failures.push(...checkSchemas(input.entries).map(toFailure('schema')));
  failures.push(...checkLinks(input).map(toFailure('links')));
  failures.push(...checkRouteClaims(ingressClaims(input.entries)).map(toFailure('links')));

  const appliedWaivers: AppliedWaiver[] = [];
  const usedWaivers = new Set<PolicyWaiver>();
  for (const finding of checkPolicy(input.entries)) {
    const waiver = finding.rule ? input.waivers.get(finding.entry.object)?.find((candidate) => candidate.rule === finding.rule) : undefined;
    if (!waiver) {
      failures.push(toFailure('policy')(finding));
    } else if (!usedWaivers.has(waiver)) {
      usedWaivers.add(waiver);
      appliedWaivers.push({ object: describeObject(finding.entry.object), rule: waiver.rule, reason: waiver.reason });
    }
  }
  const warnings: string[] = [];
  for (const [object, waivers] of input.waivers) {
    for (const waiver of waivers.filter((candidate) => !usedWaivers.has(candidate))) {
      warnings.push(`${describeObject(object)}: waiver of '${waiver.rule}' excuses nothing; remove it`);
    }
  }
  return { failures, appliedWaivers, warnings };
}
