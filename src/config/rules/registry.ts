import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';

/** A secure registry needs its certificate and the CA nodes trust. */
export function checkRegistryTls(config: ClusterConfig): RuleViolation[] {
  const registry = config.spec.registry;
  if (!registry.enabled || registry.insecure || registry.tls) {
    return [];
  }
  return [
    {
      path: ['spec', 'registry', 'tls'],
      message:
        'required field is missing: the registry is secure (insecure: false), so nodes verify https://' + registry.host +
        ' and the registry needs a certificate to serve and a CA for the nodes to trust',
      expected: 'tls: { secretName: registry-tls, caFile: certs/<ca>.crt }, or insecure: true for a test setup',
    },
  ];
}
