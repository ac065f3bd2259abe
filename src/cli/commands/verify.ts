import * as fs from 'fs';
import { verifyBundle } from '../../pipeline/bundle-verify';
import { verifyBundleStreaming } from '../../pipeline/verify-image-bundle';
import { UserError } from '../../config/errors';
import { describeFsError } from '../../pipeline/fs-steps';
import { fingerprint, parsePublicKey } from '../../pipeline/ssh-signature';
import { Command, plural, stringOption } from '../command';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a bundle against its SHA256SUMS, and its signature with --key',
  synopsis: 'FILE.tar.gz [--key KEY.pub]',
  operands: ['FILE.tar.gz'],
  options: {
    key: { type: 'string', value: 'KEY.pub', description: "the signer's ssh-ed25519 public key; verify then fails unless the bundle is signed by it" },
  },
  async run(args, io) {
    const [file] = args.positionals;
    if (!file) {
      throw new UserError('verify needs the bundle file');
    }
    const keyFile = stringOption(args, 'key');
    const publicKey = keyFile ? readPublicKey(keyFile) : undefined;
    const result = await verifyBundle(file, { publicKey });
    if (result.problems.length > 0) {
      io.err(`hanok: ${file} is not intact:\n${result.problems.map((problem) => `  ${problem}`).join('\n')}`);
      return 1;
    }
    // A bundle with images: every blob against its digest, and every image's manifests, configs and layers present.
    const images = verifyBundleStreaming(file);
    if (images.problems.length > 0) {
      io.err(`hanok: ${file} is not intact:\n${images.problems.map((problem) => `  ${problem}`).join('\n')}`);
      return 1;
    }
    const signature = {
      verified: `signed by ${publicKey ? fingerprint(publicKey) : ''}`,
      unchecked: 'signed, signature not checked (give the signer\'s key with --key to check who made it)',
      unsigned: 'not signed: this proves only that the bundle is internally consistent',
    }[result.signature];
    const blobs = images.blobs > 0 ? `; ${plural(images.blobs, 'image blob')} match their digests, ${plural(images.images, 'image')} complete` : '';
    io.out(`${file}: ${plural(result.files, 'file')} match SHA256SUMS${blobs}; ${signature}`);
    return 0;
  },
};

function readPublicKey(file: string): Buffer {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UserError(`--key ${file}: not a regular file`);
    if (stat.size > 64 * 1024) throw new UserError(`--key ${file}: too large for a public key file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`--key ${file}: cannot read it (${describeFsError(error)})`);
  }
  return parsePublicKey(text, file);
}
