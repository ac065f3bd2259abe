import { PolicyRule, PolicyWaiver } from '../constructs/policy-waiver';
import { checkLinks, ExternalSecretRef } from './links';
import { CheckFailure, ManifestEntry } from './manifest';
import { describeObject, KubeObject } from '../kube/objects';
import { ContentKeys } from '../kube/exact-json';
import { checkPodSecurity } from './pod-security';
import { checkPolicy } from './policy';
import { checkRouteClaims, ingressClaims } from './route-claims';
import { checkSchemas } from './schema-check';
import { checkServedApis } from './served-apis';
import { checkCrdBounds } from './crd-bounds';

export * from './manifest';
export * from '../kube/objects';

export interface ClusterCheckInput {
  readonly cluster: string;
  readonly entries: readonly ManifestEntry[];
  /** Secrets the operator supplies at apply time. */
  readonly suppliedSecrets: readonly ExternalSecretRef[];
  /** Waivers declared by the constructs, per object. */
  readonly waivers: ReadonlyMap<KubeObject, readonly PolicyWaiver[]>;
  /**
   * The cluster's Kubernetes version, MAJOR.MINOR.PATCH: objects of an API that version no longer serves fail.
   * @default - not checked
   */
  readonly kubernetesVersion?: string;
  /**
   * The entries' content keys, shared with whatever else keys the same finished objects by content (their YAML).
   * @default - written for the checks alone
   */
  readonly keys?: ContentKeys;
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

/** Runs the schema, link, policy and Pod Security checks over one cluster's output and reports every failure at once. */
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
  const keys = input.keys ?? new ContentKeys();
  failures.push(...checkSchemas(input.entries, input.kubernetesVersion, keys).map(toFailure('schema')));
  if (input.kubernetesVersion !== undefined) {
    failures.push(...checkServedApis(input.entries, input.kubernetesVersion).map(toFailure('schema')));
    failures.push(...checkCrdBounds(input.entries, input.kubernetesVersion, keys).map(toFailure('schema')));
  }
  failures.push(...checkLinks(input).map(toFailure('links')));
  failures.push(...checkRouteClaims(ingressClaims(input.entries)).map(toFailure('links')));
  const podSecurity = checkPodSecurity(input.entries);
  failures.push(...podSecurity.failures.map(toFailure('pod-security')));

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
  const warnings: string[] = [...podSecurity.warnings];
  for (const [object, waivers] of input.waivers) {
    for (const waiver of waivers.filter((candidate) => !usedWaivers.has(candidate))) {
      warnings.push(`${describeObject(object)}: waiver of '${waiver.rule}' excuses nothing; remove it`);
    }
  }
  return { failures, appliedWaivers, warnings };
}
