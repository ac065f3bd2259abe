import type { RuleViolation } from './types';
import { FieldPath } from './problems';
import { ClusterConfig } from './schema';
import { checkApiEndpoint } from './api-endpoint';
import { checkAddressPlan } from './rules/network';
import { checkNodes } from './rules/nodes';
import { checkNodePorts } from './rules/node-ports';
import { checkAddressPools } from './rules/address-pools';
import { checkOpenFx } from './rules/openfx';
import { checkOpenMcp } from './rules/openmcp';
import { checkRegistryTls } from './rules/registry';
import { checkImageSources } from './rules/images';

export { findNodePorts } from './rules/node-ports';
export { poolRanges, usedAddresses } from './rules/address-pools';
export type { UsedAddress } from './rules/address-pools';

/**
 * Rules a schema cannot express: relations between fields of one cluster. The schema has already checked every
 * field on its own, so these may assume well-formed addresses. `written` tells a field of the file from a default,
 * so that a clash with a default is blamed on the field the user wrote. Each layer's rules live in ./rules/.
 */
export function checkClusterRules(config: ClusterConfig, written: (path: FieldPath) => boolean = () => true): RuleViolation[] {
  return [
    ...checkAddressPlan(config, written),
    ...checkNodes(config),
    ...checkNodePorts(config),
    ...checkAddressPools(config),
    ...checkOpenFx(config),
    ...checkOpenMcp(config),
    ...checkRegistryTls(config),
    ...checkApiEndpoint(config),
    ...checkImageSources(config),
  ];
}
