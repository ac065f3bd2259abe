import { ApiObject } from 'cdk8s';

/** The output policy rules that a construct may waive for one of its objects. */
export type PolicyRule = 'privileged' | 'host-network' | 'host-pid' | 'host-path' | 'readiness-probe' | 'resources';

export interface PolicyWaiver {
  readonly rule: PolicyRule;
  /** Why this object needs it; printed in the synth summary. */
  readonly reason: string;
}

const WAIVER_METADATA = 'hanok:policy-waiver';

/**
 * The checks of other widely used linters that test what each hanok rule tests, so that a site running them over
 * `dist/` sees the decisions hanok made. kube-linter skips a check for an object annotated
 * `ignore-check.kube-linter.io/<check>` (the value is the reason); Polaris skips one for a controller annotated
 * `polaris.fairwinds.com/<check>-exempt: "true"`. Polaris has no check on hostPath volumes.
 */
export const LINTER_CHECKS: Readonly<Record<PolicyRule, { readonly kubeLinter: readonly string[]; readonly polaris: readonly string[] }>> = {
  'privileged': { kubeLinter: ['privileged-container'], polaris: ['runAsPrivileged'] },
  'host-network': { kubeLinter: ['host-network'], polaris: ['hostNetworkSet'] },
  'host-pid': { kubeLinter: ['host-pid'], polaris: ['hostPIDSet'] },
  'host-path': { kubeLinter: ['sensitive-host-mounts', 'writable-host-mount'], polaris: [] },
  'readiness-probe': { kubeLinter: ['no-readiness-probe'], polaris: ['readinessProbeMissing'] },
  'resources': { kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'], polaris: ['cpuRequestsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing'] },
};

/**
 * Exempts one object from one policy rule. The reason is mandatory and is listed in every synth summary, so a
 * reviewer sees each exception and why it exists. The object also carries the exemption annotations of kube-linter
 * and Polaris for the same rule, with the reason, so those linters make the same decision over `dist/`.
 */
export function waivePolicy(apiObject: ApiObject, rule: PolicyRule, reason: string): void {
  if (reason.trim().length < 10) {
    throw new Error(`waiver of '${rule}' for ${apiObject.kind} '${apiObject.name}' needs a reason (got ${JSON.stringify(reason)})`);
  }
  apiObject.node.addMetadata(WAIVER_METADATA, { rule, reason });
  const checks = LINTER_CHECKS[rule];
  for (const check of checks.kubeLinter) {
    apiObject.metadata.addAnnotation(`ignore-check.kube-linter.io/${check}`, reason);
  }
  for (const check of checks.polaris) {
    apiObject.metadata.addAnnotation(`polaris.fairwinds.com/${check}-exempt`, 'true');
  }
}

export function waiversOf(apiObject: ApiObject): PolicyWaiver[] {
  return apiObject.node.metadata.filter((entry) => entry.type === WAIVER_METADATA).map((entry) => entry.data as PolicyWaiver);
}
