export { checkLinks } from './run';
export { BUILT_IN_NAMESPACES, ObjectIndex } from './object-index';
export type { ExternalSecretRef, LinkContext, LinkFailure } from './object-index';
export { parseQuantity } from '../../kube/quantity';
