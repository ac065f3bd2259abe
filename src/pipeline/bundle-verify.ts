import * as crypto from 'crypto';
import * as fs from 'fs';
import { Writable } from 'stream';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';
import { UserError } from './errors';
import { codeOf, describeFsError } from './output-folder';
import { fingerprint, verifySsh } from './ssh-signature';

export const CHECKSUMS_FILE = 'SHA256SUMS';
export const SIGNATURE_FILE = 'SHA256SUMS.sig';
/**
 * The gzip header hanok writes: no file name, modification time 0, maximum compression, Unix. Every other byte of a
 * bundle is covered by gzip's CRC-32 and length, and by the SHA-256 sums, so `verify` checks this header exactly.
 */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03]);
/** The only modes hanok writes. */
const MODES = new Set([0o644, 0o755]);

/** Bounds that keep verify's time and memory in proportion to what a real bundle needs. */
export interface VerifyLimits {
  /** Largest file inside the bundle, unpacked. */
  readonly entryBytes: number;
  /** All files together, unpacked. */
  readonly totalBytes: number;
  readonly entries: number;
  /** SHA256SUMS, the signature and other files verify keeps in memory. */
  readonly metadataBytes: number;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  entryBytes: 8 * 1024 ** 3,
  totalBytes: 64 * 1024 ** 3,
  entries: 100_000,
  metadataBytes: 16 * 1024 ** 2,
};

export interface VerifyOptions {
  /** The signer's 32-byte Ed25519 public key: the bundle must carry a good SHA256SUMS.sig by it. */
  readonly publicKey?: Buffer;
  readonly limits?: VerifyLimits;
}

export interface VerifyResult {
  /** Files checked against SHA256SUMS. */
  readonly files: number;
  /** What is wrong; empty when the bundle is intact. */
  readonly problems: readonly string[];
  /** `verified` by the given key, `unchecked` (signed, no key given) or `unsigned`. */
  readonly signature: 'verified' | 'unchecked' | 'unsigned';
}

class Rejected extends Error {}

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

function failed(problem: string): VerifyResult {
  return { files: 0, problems: [problem], signature: 'unsigned' };
}

interface PendingEntry {
  readonly path: string;
  readonly size: number;
  remaining: number;
  readonly hash: crypto.Hash;
  /** Kept for SHA256SUMS and its signature, which verify reads. */
  readonly keep: Buffer[] | undefined;
}

/**
 * A strict reader of the ustar archives hanok writes (with pax `path`/`size` records for long names). It hashes each
 * file as it streams past and keeps only the hashes, plus the small files it must read.
 */
class TarReader extends Writable {
  private buffered = Buffer.alloc(0);
  private entry: PendingEntry | undefined;
  private padding = 0;
  private pax: Record<string, string> | undefined;
  private paxBuffer: Buffer[] | undefined;
  private paxRemaining = 0;
  private nullBlocks = 0;
  private total = 0;
  private readonly hashes = new Map<string, string>();
  private readonly kept = new Map<string, Buffer>();

  constructor(private readonly limits: VerifyLimits) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.nullBlocks < 2) {
      callback(new Rejected(this.entry ? `${this.entry.path}: the archive ends inside this file` : 'the archive ends without its end-of-archive blocks'));
    } else {
      callback();
    }
  }

  private consume(chunk: Buffer): void {
    let data = this.buffered.length > 0 ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.nullBlocks >= 2) {
        if (data.some((byte) => byte !== 0)) throw new Rejected('data follows the end of the tar archive');
        return;
      }
      if (this.entry) {
        const take = Math.min(this.entry.remaining, data.length);
        const part = data.subarray(0, take);
        this.entry.hash.update(part);
        this.entry.keep?.push(Buffer.from(part));
        this.entry.remaining -= take;
        data = data.subarray(take);
        if (this.entry.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.paxBuffer) {
        const take = Math.min(this.paxRemaining, data.length);
        this.paxBuffer.push(Buffer.from(data.subarray(0, take)));
        this.paxRemaining -= take;
        data = data.subarray(take);
        if (this.paxRemaining === 0) {
          this.pax = parsePax(Buffer.concat(this.paxBuffer));
          this.paxBuffer = undefined;
        }
        continue;
      }
      if (this.padding > 0) {
        const take = Math.min(this.padding, data.length);
        this.padding -= take;
        data = data.subarray(take);
        continue;
      }
      if (data.length < 512) {
        this.buffered = Buffer.from(data);
        return;
      }
      this.header(data.subarray(0, 512));
      data = data.subarray(512);
    }
  }

  private header(block: Buffer): void {
    if (block.every((byte) => byte === 0)) {
      if (this.pax) throw new Rejected('the archive ends after an extended header without its entry');
      this.nullBlocks++;
      return;
    }
    if (this.nullBlocks > 0) throw new Rejected('an entry follows an end-of-archive block');
    const checksum = parseOctal(block.subarray(148, 156));
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
    if (checksum !== sum) throw new Rejected('a tar header has a wrong checksum');
    const name = text(block.subarray(0, 100));
    const prefix = text(block.subarray(345, 500));
    const type = String.fromCharCode(block[156]);
    const headerPath = this.pax?.path ?? (prefix ? `${prefix}/${name}` : name);
    const size = this.pax?.size !== undefined ? Number(this.pax.size) : parseOctal(block.subarray(124, 136));
    if (!Number.isSafeInteger(size) || size < 0) throw new Rejected(`${headerPath}: invalid size`);
    if (type === 'x') {
      if (this.pax) throw new Rejected(`${headerPath}: two extended headers in a row`);
      if (size > 64 * 1024) throw new Rejected(`${headerPath}: extended header of ${size} bytes`);
      this.paxBuffer = [];
      this.paxRemaining = size;
      this.padding = padTo512(size);
      if (size === 0) {
        this.pax = {};
        this.paxBuffer = undefined;
      }
      return;
    }
    this.pax = undefined;
    const kinds: Record<string, string> = {
      '1': 'a hard link',
      '2': 'a symbolic link',
      '3': 'a character device',
      '4': 'a block device',
      '5': 'a folder entry',
      '6': 'a FIFO',
      '7': 'a contiguous file',
      g: 'a global extended header',
      L: 'a GNU long name',
      K: 'a GNU long link',
    };
    if (type !== '0' && type !== '\0') {
      throw new Rejected(`${headerPath}: is ${kinds[type] ?? `an entry of type ${JSON.stringify(type)}`}; hanok bundles hold only plain files`);
    }
    const problem = pathProblem(headerPath);
    if (problem) throw new Rejected(`${JSON.stringify(headerPath)}: ${problem}`);
    const mode = parseOctal(block.subarray(100, 108)) & 0o7777;
    if (!MODES.has(mode)) throw new Rejected(`${headerPath}: mode ${mode.toString(8).padStart(4, '0')}; hanok writes only 0644 and 0755`);
    if (this.hashes.has(headerPath) || this.kept.has(headerPath)) throw new Rejected(`${headerPath}: appears twice in the archive`);
    if (this.hashes.size + 1 > this.limits.entries) throw new Rejected(`more than ${this.limits.entries} entries`);
    if (size > this.limits.entryBytes) throw new Rejected(`${headerPath}: ${size} bytes, more than the limit of ${this.limits.entryBytes} per file`);
    this.total += size;
    if (this.total > this.limits.totalBytes) throw new Rejected(`the files hold more than the limit of ${this.limits.totalBytes} bytes in total`);
    const base = headerPath.split('/').slice(1).join('/');
    const keep = base === CHECKSUMS_FILE || base === SIGNATURE_FILE;
    if (keep && size > this.limits.metadataBytes) throw new Rejected(`${headerPath}: ${size} bytes, too large`);
    this.entry = { path: headerPath, size, remaining: size, hash: crypto.createHash('sha256'), keep: keep ? [] : undefined };
    this.padding = padTo512(size);
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const entry = this.entry!;
    this.hashes.set(entry.path, entry.hash.digest('hex'));
    if (entry.keep) this.kept.set(entry.path, Buffer.concat(entry.keep));
    this.entry = undefined;
  }

  /** Compares the files with SHA256SUMS, both ways, and checks the signature. */
  check(publicKey: Buffer | undefined): VerifyResult {
    const roots = new Set([...this.hashes.keys()].map((entry) => entry.split('/')[0]));
    if (roots.size !== 1) {
      return failed(`expected every file below one hanok-<cluster>/ folder, found ${[...roots].sort().join(', ') || 'no files'}`);
    }
    const [root] = roots;
    const sumsPath = `${root}/${CHECKSUMS_FILE}`;
    const sums = this.kept.get(sumsPath);
    if (!sums) return failed(`${sumsPath} is missing`);
    const problems: string[] = [];
    const listed = new Map<string, string>();
    for (const line of sums.toString('utf8').split('\n').filter((line) => line !== '')) {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      const problem = match ? pathProblem(match[2]) : undefined;
      if (!match || problem) {
        problems.push(`${CHECKSUMS_FILE}: malformed line ${JSON.stringify(line.slice(0, 120))}${problem ? `: ${problem}` : ''}`);
      } else if (listed.has(`${root}/${match[2]}`)) {
        problems.push(`${CHECKSUMS_FILE}: ${match[2]} is listed twice`);
      } else {
        listed.set(`${root}/${match[2]}`, match[1]);
      }
    }
    for (const [entry, expected] of listed) {
      const actual = this.hashes.get(entry);
      if (actual === undefined) problems.push(`${entry}: listed in ${CHECKSUMS_FILE} but missing`);
      else if (actual !== expected) problems.push(`${entry}: SHA-256 does not match ${CHECKSUMS_FILE}`);
    }
    const signaturePath = `${root}/${SIGNATURE_FILE}`;
    for (const entry of this.hashes.keys()) {
      if (entry !== sumsPath && entry !== signaturePath && !listed.has(entry)) problems.push(`${entry}: not listed in ${CHECKSUMS_FILE}`);
    }
    const signature = this.kept.get(signaturePath);
    let state: VerifyResult['signature'] = signature ? 'unchecked' : 'unsigned';
    if (publicKey) {
      if (!signature) {
        problems.push(`${signaturePath} is missing: the bundle is not signed, and --key requires a signature by ${fingerprint(publicKey)}`);
      } else {
        const problem = verifySsh(sums, signature.toString('utf8'), publicKey);
        if (problem) problems.push(`${signaturePath}: ${problem}`);
        else state = 'verified';
      }
    }
    return { files: listed.size, problems, signature: state };
  }
}

/** Why a path inside a bundle is unsafe, or undefined. */
function pathProblem(entryPath: string): string | undefined {
  if (entryPath.startsWith('/') || /^[A-Za-z]:/.test(entryPath)) return 'absolute path';
  const parts = entryPath.split('/');
  if (parts.includes('..')) return 'path with ".."';
  if (parts.some((part) => part === '' || part === '.')) return 'path with an empty or "." part';
  if (/[\\\0-\x1f]/.test(entryPath)) return 'path with a backslash or control character';
  return undefined;
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString('ascii'));
    if (space < 0 || !Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) throw new Rejected('malformed extended header');
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    if (key === 'path' || key === 'size') records[key] = record.slice(equals + 1);
    else if (key === 'linkpath') throw new Rejected('extended header with a link path');
    offset += length;
  }
  return records;
}

function parseOctal(field: Buffer): number {
  const value = text(field).trim();
  if (!/^[0-7]+$/.test(value)) throw new Rejected(`a tar header field is not octal (${JSON.stringify(value.slice(0, 12))})`);
  return parseInt(value, 8);
}

function text(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function padTo512(size: number): number {
  return (512 - (size % 512)) % 512;
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
