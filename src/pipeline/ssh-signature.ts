import * as crypto from 'crypto';
import { UserError } from '../config/errors';

/**
 * Ed25519 signatures in OpenSSH's file-signature format (PROTOCOL.sshsig), so that operators can check a bundle
 * without hanok: `ssh-keygen -Y verify -f allowed_signers -I <identity> -n hanok-bundle -s SHA256SUMS.sig < SHA256SUMS`.
 */
export const SIGNATURE_NAMESPACE = 'hanok-bundle';
const MAGIC = Buffer.from('SSHSIG');
const KEY_TYPE = 'ssh-ed25519';
const HASH = 'sha512';
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

/** An Ed25519 key pair read from a private key file. */
export interface SigningKey {
  readonly privateKey: crypto.KeyObject;
  /** The 32-byte public key. */
  readonly publicKey: Buffer;
}

/** Signs `message`, returning the armored signature (`-----BEGIN SSH SIGNATURE-----` ...). Deterministic. */
export function signSsh(message: Buffer, key: SigningKey, namespace = SIGNATURE_NAMESPACE): string {
  const signature = crypto.sign(null, signedData(message, namespace), key.privateKey);
  const blob = Buffer.concat([
    MAGIC,
    uint32(1),
    sshString(publicKeyBlob(key.publicKey)),
    sshString(namespace),
    sshString(''),
    sshString(HASH),
    sshString(Buffer.concat([sshString(KEY_TYPE), sshString(signature)])),
  ]);
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return `${ARMOR_BEGIN}\n${lines.join('\n')}\n${ARMOR_END}\n`;
}

/**
 * Checks an armored signature over `message` against a 32-byte Ed25519 public key. Returns what is wrong, or
 * undefined when the signature is good.
 */
export function verifySsh(message: Buffer, armored: string, publicKey: Buffer, namespace = SIGNATURE_NAMESPACE): string | undefined {
  const body = armored.trim();
  if (!body.startsWith(ARMOR_BEGIN) || !body.endsWith(ARMOR_END)) {
    return 'not an SSH signature (expected -----BEGIN SSH SIGNATURE-----)';
  }
  const blob = Buffer.from(body.slice(ARMOR_BEGIN.length, body.length - ARMOR_END.length).replace(/\s+/g, ''), 'base64');
  try {
    const reader = new SshReader(blob);
    if (!reader.bytes(6).equals(MAGIC) || reader.uint32() !== 1) return 'not an SSH signature of version 1';
    const signer = parsePublicKeyBlob(reader.string());
    const signedNamespace = reader.string().toString('utf8');
    reader.string();
    const hash = reader.string().toString('utf8');
    const inner = new SshReader(reader.string());
    const type = inner.string().toString('utf8');
    const signature = inner.string();
    if (type !== KEY_TYPE) return `signature of type ${type}, expected ${KEY_TYPE}`;
    if (signedNamespace !== namespace) return `signature for namespace ${JSON.stringify(signedNamespace)}, expected ${JSON.stringify(namespace)}`;
    if (hash !== 'sha512' && hash !== 'sha256') return `unsupported hash ${JSON.stringify(hash)}`;
    if (!signer.equals(publicKey)) return `signed by another key (${fingerprint(signer)}), expected ${fingerprint(publicKey)}`;
    const good = crypto.verify(null, signedData(message, namespace, hash), publicKeyObject(publicKey), signature);
    return good ? undefined : 'the signature does not match the signed checksums';
  } catch (error) {
    return `malformed SSH signature (${(error as Error).message})`;
  }
}

/** Reads an unencrypted OpenSSH (`ssh-keygen -t ed25519`) or PKCS#8 PEM Ed25519 private key. */
export function parsePrivateKey(text: string, file: string): SigningKey {
  const openssh = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!openssh) {
    try {
      const privateKey = crypto.createPrivateKey(text);
      if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateKey.asymmetricKeyType} key`);
      const jwk = crypto.createPublicKey(privateKey).export({ format: 'jwk' });
      return { privateKey, publicKey: Buffer.from(jwk.x as string, 'base64url') };
    } catch (error) {
      throw new UserError(`${file}: not an Ed25519 private key (${(error as Error).message}); create one with: ssh-keygen -t ed25519 -N '' -f KEYFILE`);
    }
  }
  try {
    const reader = new SshReader(Buffer.from(openssh[1].replace(/\s+/g, ''), 'base64'));
    if (!reader.bytes(15).equals(Buffer.from('openssh-key-v1\0'))) throw new Error('unknown format');
    const cipher = reader.string().toString('utf8');
    if (cipher !== 'none') {
      throw new UserError(`${file}: the key is protected by a passphrase, which hanok cannot ask for; use a key without one for signing in CI, kept outside the repository`);
    }
    reader.string();
    reader.string();
    if (reader.uint32() !== 1) throw new Error('expected one key');
    reader.string();
    const secret = new SshReader(reader.string());
    if (secret.uint32() !== secret.uint32()) throw new Error('check bytes differ');
    const type = secret.string().toString('utf8');
    if (type !== KEY_TYPE) throw new UserError(`${file}: a ${type} key; hanok signs with Ed25519 keys (ssh-keygen -t ed25519)`);
    const publicKey = secret.string();
    const privateAndPublic = secret.string();
    if (publicKey.length !== 32 || privateAndPublic.length !== 64) throw new Error('bad key length');
    const privateKey = crypto.createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: privateAndPublic.subarray(0, 32).toString('base64url'), x: publicKey.toString('base64url') },
      format: 'jwk',
    });
    return { privateKey, publicKey };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: not a readable OpenSSH private key (${(error as Error).message})`);
  }
}

/** Reads an Ed25519 public key: an `ssh-ed25519 AAAA... comment` line (a .pub file or an allowed_signers line). */
export function parsePublicKey(text: string, file: string): Buffer {
  const match = /(?:^|\s)ssh-ed25519\s+([A-Za-z0-9+/=]+)/.exec(text);
  if (!match) {
    throw new UserError(`${file}: no ssh-ed25519 public key found (expected a line such as "ssh-ed25519 AAAA... comment", as in the .pub file ssh-keygen writes)`);
  }
  try {
    return parsePublicKeyBlob(Buffer.from(match[1], 'base64'));
  } catch (error) {
    throw new UserError(`${file}: malformed ssh-ed25519 public key (${(error as Error).message})`);
  }
}

/** `SHA256:...` as ssh-keygen prints it. */
export function fingerprint(publicKey: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(publicKeyBlob(publicKey)).digest('base64').replace(/=+$/, '')}`;
}

/** The public key as an OpenSSH line, for an allowed_signers file. */
export function publicKeyLine(publicKey: Buffer): string {
  return `${KEY_TYPE} ${publicKeyBlob(publicKey).toString('base64')}`;
}

function signedData(message: Buffer, namespace: string, hash = HASH): Buffer {
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hash), sshString(crypto.createHash(hash).update(message).digest())]);
}

function publicKeyBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(publicKey)]);
}

function parsePublicKeyBlob(blob: Buffer): Buffer {
  const reader = new SshReader(blob);
  const type = reader.string().toString('utf8');
  if (type !== KEY_TYPE) throw new Error(`a ${type} key, expected ${KEY_TYPE}`);
  const key = reader.string();
  if (key.length !== 32) throw new Error('wrong key length');
  return key;
}

function publicKeyObject(publicKey: Buffer): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

class SshReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  bytes(length: number): Buffer {
    if (this.offset + length > this.buffer.length) throw new Error('truncated');
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE();
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }
}
