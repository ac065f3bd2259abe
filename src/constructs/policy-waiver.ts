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
 * Exempts one object from one policy rule. The reason is mandatory and is listed in every synth summary, so a
 * reviewer sees each exception and why it exists.
 */
export function waivePolicy(apiObject: ApiObject, rule: PolicyRule, reason: string): void {
  if (reason.trim().length < 10) {
    throw new Error(`waiver of '${rule}' for ${apiObject.kind} '${apiObject.name}' needs a reason (got ${JSON.stringify(reason)})`);
  }
  apiObject.node.addMetadata(WAIVER_METADATA, { rule, reason });
}

export function waiversOf(apiObject: ApiObject): PolicyWaiver[] {
  return apiObject.node.metadata.filter((entry) => entry.type === WAIVER_METADATA).map((entry) => entry.data as PolicyWaiver);
}
