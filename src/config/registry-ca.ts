import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RuleViolation } from './types';
import { FieldPath } from './problems';
import { ClusterConfig } from './schema';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;
const PEM_ANY_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/**
 * Reads `spec.registry.tls.caFile`, relative to the cluster file, and checks that it holds only PEM certificates
 * of a CA: the file is public and kept in git, so a private key in it is refused outright. Returns the PEM text
 * (certificates only, normalized to LF) that nodes install as the registry's CA.
 */
export function readRegistryCa(config: ClusterConfig, clusterFile: string): { pem?: string; violations: RuleViolation[] } {
  const tls = config.spec.registry.tls;
  return tls ? readCaFile(tls.caFile, ['spec', 'registry', 'tls', 'caFile'], clusterFile) : { violations: [] };
}

/** Reads `spec.images.bootstrapRegistry.tls.caFile`, relative to the cluster file, with the same checks. */
export function readBootstrapRegistryCa(config: ClusterConfig, clusterFile: string): { pem?: string; violations: RuleViolation[] } {
  const caFile = config.spec.images.bootstrapRegistry?.tls.caFile;
  return caFile !== undefined ? readCaFile(caFile, ['spec', 'images', 'bootstrapRegistry', 'tls', 'caFile'], clusterFile) : { violations: [] };
}

/**
 * Reads a CA file named at `fieldPath` (a path relative to the cluster file) and checks that it holds only PEM
 * certificates of a CA: such files are public and kept in git, so a private key in one is refused outright.
 * Returns the PEM text (certificates only, normalized to LF) that nodes install.
 */
export function readCaFile(caFile: string, fieldPath: FieldPath, clusterFile: string): { pem?: string; violations: RuleViolation[] } {
  const fail = (message: string, expected: string): { violations: RuleViolation[] } => ({
    violations: [{ path: fieldPath, message, got: caFile, expected }],
  });
  if (path.isAbsolute(caFile)) {
    return fail('must be relative to the cluster file, so the repository stays portable', 'a path such as certs/site-ca.crt');
  }
  const file = path.resolve(path.dirname(clusterFile), caFile);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return fail(`file not found (looked for ${file})`, 'a PEM file of the CA that signed the registry certificate');
  }
  const text = fs.readFileSync(file, 'utf8');
  const blockTypes = [...text.matchAll(PEM_ANY_BLOCK)].map((match) => match[1]);
  if (blockTypes.some((type) => type.includes('PRIVATE KEY'))) {
    return fail('holds a private key, which must never be in git', 'only the CA certificate (-----BEGIN CERTIFICATE-----); remove the key from the file and from git history');
  }
  const others = blockTypes.filter((type) => type !== 'CERTIFICATE');
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0 || others.length > 0) {
    return fail(`is not a PEM certificate file${others.length > 0 ? ` (it has a ${others[0]} block)` : ''}`, 'one or more -----BEGIN CERTIFICATE----- blocks');
  }
  for (const [index, block] of blocks.entries()) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      return fail(`certificate ${index + 1} is not a valid X.509 certificate`, 'a PEM certificate as openssl writes it');
    }
    if (!certificate.ca) {
      return fail(`certificate ${index + 1} (${certificate.subject.replace(/\n/g, ', ')}) is not a CA certificate`, 'the certificate of the CA that signed the registry certificate (basicConstraints CA:TRUE)');
    }
  }
  return { pem: `${blocks.map((block) => block.replace(/\r\n/g, '\n')).join('\n')}\n`, violations: [] };
}
