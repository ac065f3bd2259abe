import { z } from 'zod';
import { REGISTRY_IMAGE } from '../../versions/images';
import { DnsLabel, DnsSubdomain, ImageReference, Quantity } from '../fields';

/** The registry layer: the private registry on NFS behind the ingress (`spec.registry`). */

export const RegistryTlsSpec = z
  .strictObject({
    secretName: DnsSubdomain.default('registry-tls').describe(
      'The `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`) the registry serves, in its namespace; supplied at apply time and listed in `secrets.example`.',
    ),
    caFile: z
      .string()
      .min(1)
      .describe(
        'PEM file of the CA that signed the registry certificate, relative to the cluster file (e.g. `certs/site-ca.crt`); public, kept in git. Nodes trust it in containerd\'s `hosts.toml`.',
      ),
  })
  .describe('TLS of the registry: served by the registry itself and passed through the ingress untouched.');

export const RegistrySpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the registry layer is synthesized.'),
    host: DnsSubdomain.describe('Host name users and nodes pull from and push to; the Ingress serves it.'),
    namespace: DnsLabel.default('docker-registry').describe('Namespace of the registry.'),
    image: ImageReference.default(REGISTRY_IMAGE).describe('Image of the registry server.'),
    storageSize: Quantity.default('10Gi').describe('Size of the registry\'s NFS volume.'),
    insecure: z
      .boolean()
      .default(false)
      .describe('Whether nodes reach the registry over plain HTTP or unverified TLS (containerd `skip_verify`). Test setups only.'),
    pullSecretName: DnsSubdomain.default('regcred').describe(
      'Name of the `kubernetes.io/dockerconfigjson` Secret that holds the pull credentials. Supplied at apply time, never in git.',
    ),
    tls: RegistryTlsSpec.optional().describe(
      'The registry\'s certificate and the CA nodes trust for it. Required unless insecure is true. - no TLS (only with insecure: true).',
    ),
  })
  .describe('The private image registry on NFS behind the ingress.');
