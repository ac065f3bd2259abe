import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';
import { UserError } from '../config/errors';
import { codeOf, describeFsError } from './fs-steps';
import { failed, Rejected, TarReader, VerifyLimits, VerifyResult } from './bundle-tar-reader';

export { CHECKSUMS_FILE, SIGNATURE_FILE } from './bundle-tar-reader';
export type { VerifyLimits, VerifyResult } from './bundle-tar-reader';

/**
 * The gzip header hanok writes: no file name, modification time 0, maximum compression, Unix. Every other byte of a
 * bundle is covered by gzip's CRC-32 and length, and by the SHA-256 sums, so `verify` checks this header exactly.
 */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03]);

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  entryBytes: 8 * 1024 ** 3,
  totalBytes: 64 * 1024 ** 3,
  entries: 100_000,
  metadataBytes: 16 * 1024 ** 2,
  compressionRatio: 200,
};

export interface VerifyOptions {
  /** The signer's 32-byte Ed25519 public key: the bundle must carry a good SHA256SUMS.sig by it. */
  readonly publicKey?: Buffer;
  readonly limits?: VerifyLimits;
}

/**
 * Checks a bundle as a stream, in bounded memory: the gzip header is hanok's, there is exactly one gzip member and
 * nothing after it, every tar entry is a plain file with a mode hanok writes below one `hanok-<cluster>/` folder
 * (no links, devices, FIFOs, folders, absolute paths, `..` or duplicates), nothing follows the end of the archive,
 * and the files are exactly those SHA256SUMS lists, with those hashes. With a public key, SHA256SUMS.sig must be a
 * good signature by it.
 */
export async function verifyBundle(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const limits = options.limits ?? DEFAULT_VERIFY_LIMITS;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new UserError(codeOf(error) === 'ENOENT' ? `${file}: no such bundle` : `${file}: cannot read the bundle (${describeFsError(error)})`);
  }
  if (stat.isDirectory()) throw new UserError(`${file}: is a folder; give the bundle file (.tar.gz) that hanok bundle wrote`);
  if (!stat.isFile()) throw new UserError(`${file}: is not a regular file; give the bundle file (.tar.gz) that hanok bundle wrote`);
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, 'r');
  } catch (error) {
    throw new UserError(`${file}: cannot read the bundle (${describeFsError(error)})`);
  }
  try {
    const header = Buffer.alloc(GZIP_HEADER.length);
    const read = fs.readSync(descriptor, header, 0, header.length, 0);
    if (read < header.length || !header.equals(GZIP_HEADER)) {
      return failed(`${file}: the gzip header is not the one hanok writes (the file was changed or is not a hanok bundle)`);
    }
    const reader = new TarReader(limits);
    const inflate = zlib.createInflateRaw();
    const crc = new Crc32();
    let unpacked = 0;
    inflate.on('data', (chunk: Buffer) => {
      crc.update(chunk);
      unpacked += chunk.length;
      if (unpacked > 64 * 1024 ** 2 && unpacked > limits.compressionRatio * inflate.bytesWritten) {
        inflate.destroy(new Rejected(`${file}: unpacks to more than ${limits.compressionRatio} times its size, as no hanok bundle does (a decompression bomb?)`));
      }
    });
    try {
      await pipeline(fs.createReadStream(file, { start: GZIP_HEADER.length }), inflate, reader);
    } catch (error) {
      if (error instanceof Rejected) return failed(error.message);
      if (codeOf(error)?.startsWith('Z_')) return failed(`${file}: not intact gzip data: ${(error as Error).message}`);
      throw error;
    }
    const trailerAt = GZIP_HEADER.length + inflate.bytesWritten;
    const trailer = Buffer.alloc(8);
    if (fs.readSync(descriptor, trailer, 0, 8, trailerAt) < 8) {
      return failed(`${file}: the gzip data is truncated`);
    }
    if (trailer.readUInt32LE(0) !== crc.digest() || trailer.readUInt32LE(4) !== unpacked % 2 ** 32) {
      return failed(`${file}: the gzip checksum or length does not match the data`);
    }
    if (stat.size !== trailerAt + 8) {
      return failed(`${file}: ${stat.size - trailerAt - 8} bytes follow the gzip data (a second gzip member or appended data); hanok writes exactly one`);
    }
    return reader.check(options.publicKey);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** CRC-32 as gzip uses it (zlib.crc32 needs Node 20.15 or later). */
class Crc32 {
  private static table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  private value = 0xffffffff;
  private native = 0;
  private readonly nativeCrc = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;

  update(data: Buffer): void {
    if (this.nativeCrc) {
      this.native = this.nativeCrc(data, this.native);
      return;
    }
    let c = this.value;
    for (let i = 0; i < data.length; i++) c = Crc32.table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    this.value = c;
  }

  digest(): number {
    if (this.nativeCrc) return this.native >>> 0;
    return (this.value ^ 0xffffffff) >>> 0;
  }
}
