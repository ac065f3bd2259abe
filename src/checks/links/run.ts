import { checkApiService } from './api-services';
import { checkAutoscaler } from './autoscalers';
import { checkBinding } from './bindings';
import { checkNoDuplicates } from './duplicates';
import { checkGatewayObject } from './gateway';
import { checkHostPathClaims } from './host-path-claims';
import { checkIngress } from './ingress';
import { EntryRule, LinkContext, LinkFailure, LinkReport, ObjectIndex, OutputRule } from './object-index';
import { checkScope, checkSuppliedSecretNamespaces } from './namespaces';
import { checkPodReferences } from './pod-references';
import { checkNodePortsUnique, checkService } from './services';
import { checkClaim } from './storage';

/** Rules for every object, whatever its kind. */
const EVERY_OBJECT: readonly EntryRule[] = [checkScope, checkPodReferences];

/** Rules for the objects of one kind. */
const BY_KIND: ReadonlyMap<string, EntryRule> = new Map([
  ['Service', checkService],
  ['Ingress', checkIngress],
  ['PersistentVolumeClaim', checkClaim],
  ['APIService', checkApiService],
  ['HorizontalPodAutoscaler', checkAutoscaler],
  ['RoleBinding', checkBinding],
  ['ClusterRoleBinding', checkBinding],
]);

/**
 * Checks references between objects, as a linker resolves symbols: everything an object names must be created by
 * the same output, be built into every cluster, or be declared as supplied at apply time.
 *
 * The failures come in a fixed order (supplied Secrets, then object by object, then the whole-output rules, then
 * the Gateway API), so that a report reads the same from run to run.
 */
export function checkLinks(context: LinkContext): LinkFailure[] {
  const index = new ObjectIndex(context);
  const report = new LinkReport();
  checkSuppliedSecretNamespaces(index, report);
  for (const entry of index.entries) {
    for (const rule of EVERY_OBJECT) rule(entry, index, report);
    BY_KIND.get(entry.object.kind)?.(entry, index, report);
  }
  const afterObjects: readonly OutputRule[] = [checkNodePortsUnique, checkNoDuplicates];
  for (const rule of afterObjects) rule(index, report);
  for (const entry of index.entries) checkGatewayObject(entry, index, report);
  checkHostPathClaims(index, report);
  return report.failures;
}
