import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { bundleFiles, writeBundle } from '../../src/pipeline/bundle';
import { DEFAULT_VERIFY_LIMITS, GZIP_HEADER, verifyBundle } from '../../src/pipeline/bundle-verify';
import { collectProvenance } from '../../src/pipeline/provenance';
import { parsePrivateKey, parsePublicKey } from '../../src/pipeline/ssh-signature';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { main } from '../../src/cli/hanok';
import { EXAMPLE_CLUSTERS_DIR, exampleCluster } from '../helpers';
import { testWithTool } from '../tools';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-verify-test-'));

interface RawEntry {
  readonly path: string;
  readonly content?: string | Buffer;
  /** ustar type flag: '0' file, '1' hard link, '2' symlink, '3'/'4' devices, '5' folder, '6' FIFO. */
  readonly type?: string;
  readonly mode?: number;
  readonly linkname?: string;
  /** Declared size, when it should differ from the content's. */
  readonly size?: number;
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** A ustar header written by hand, so that a test can build archives hanok never would. */
function header(entry: RawEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(entry.path, 0, 100, 'utf8');
  block.write(octal(entry.mode ?? 0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(0, 12), 136);
  block.write(entry.type ?? '0', 156);
  block.write(entry.linkname ?? '', 157, 100);
  block.write('ustar\0' + '00', 257);
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148);
  return block;
}

function tarOf(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? '');
    parts.push(header(entry, entry.size ?? content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function gzipLikeHanok(archive: Buffer): Buffer {
  const gzipped = zlib.gzipSync(archive, { level: 9 });
  GZIP_HEADER.copy(gzipped, 0);
  return gzipped;
}

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** A small, valid bundle: two files and their SHA256SUMS, plus `extra` entries. */
function rawBundle(name: string, extra: RawEntry[] = [], transform: (bytes: Buffer) => Buffer = (bytes) => bytes): string {
  const files: RawEntry[] = [
    { path: 'hanok-lab/README.txt', content: 'read me\n' },
    { path: 'hanok-lab/scripts/node/apply.sh', content: '#!/bin/sh\n', mode: 0o755 },
  ];
  const sums = files.map((file) => `${sha(String(file.content))}  ${file.path.slice('hanok-lab/'.length)}\n`).join('');
  const file = path.join(directory, name);
  fs.writeFileSync(file, transform(gzipLikeHanok(tarOf([...files, { path: 'hanok-lab/SHA256SUMS', content: sums }, ...extra]))));
  return file;
}

describe('hanok verify accepts what writeBundle writes', () => {
  test.each([150, 300])('including a file whose path is %i characters long (ustar prefix or pax header)', async (length) => {
    // GIVEN a file below images/ as the OCI layout of a bundle would add, with a long name
    const prefix = 'images/blobs/sha256/';
    const long = `${prefix}${Array.from({ length: Math.ceil((length - prefix.length) / 50) }, (_, index) => `${index}`.padEnd(49, 'a')).join('/')}`;
    const files = [
      { path: 'README.txt', content: Buffer.from('read me\n'), executable: false },
      { path: long, content: Buffer.from('layer'), executable: false },
    ];
    const sums = files.map((file) => `${crypto.createHash('sha256').update(file.content).digest('hex')}  ${file.path}\n`).join('');
    const file = path.join(directory, `long-${length}.tar.gz`);
    writeBundle([...files, { path: 'SHA256SUMS', content: Buffer.from(sums), executable: false }], 'lab', file);
    // THEN verify reads the long name back exactly
    expect(await verifyBundle(file)).toEqual({ files: 2, problems: [], signature: 'unsigned' });
  });
});

describe('hanok verify rejects, naming the entry', () => {
  test('a small valid bundle built by hand passes, so the cases below fail for their own reason', async () => {
    expect(await verifyBundle(rawBundle('valid.tar.gz'))).toEqual({ files: 2, problems: [], signature: 'unsigned' });
  });

  test.each<[string, RawEntry[], string]>([
    ['a symlink', [{ path: 'hanok-lab/link', type: '2', linkname: '/etc/passwd' }], 'hanok-lab/link: is a symbolic link; hanok bundles hold only plain files'],
    ['a hard link', [{ path: 'hanok-lab/hard', type: '1', linkname: 'hanok-lab/README.txt' }], 'hanok-lab/hard: is a hard link'],
    ['a character device', [{ path: 'hanok-lab/tty', type: '3' }], 'hanok-lab/tty: is a character device'],
    ['a block device', [{ path: 'hanok-lab/sda', type: '4' }], 'hanok-lab/sda: is a block device'],
    ['a FIFO', [{ path: 'hanok-lab/pipe', type: '6' }], 'hanok-lab/pipe: is a FIFO'],
    ['a folder entry', [{ path: 'hanok-lab/dir/', type: '5', mode: 0o755 }], 'hanok-lab/dir/: is a folder entry'],
    ['an absolute path', [{ path: '/etc/cron.d/x', content: 'x' }], '"/etc/cron.d/x": absolute path'],
    ['a .. entry', [{ path: 'hanok-lab/../../x', content: 'x' }], '"hanok-lab/../../x": path with ".."'],
    ['a duplicate entry', [{ path: 'hanok-lab/README.txt', content: 'read me\n' }], 'hanok-lab/README.txt: appears twice in the archive'],
    ['a setuid mode', [{ path: 'hanok-lab/x', content: 'x', mode: 0o4755 }], 'hanok-lab/x: mode 4755; hanok writes only 0644 and 0755'],
    ['a world-writable mode', [{ path: 'hanok-lab/x', content: 'x', mode: 0o666 }], 'hanok-lab/x: mode 0666'],
    ['a file not in SHA256SUMS', [{ path: 'hanok-lab/extra.sh', content: 'x', mode: 0o755 }], 'hanok-lab/extra.sh: not listed in SHA256SUMS'],
  ])('%s', async (_case, extra, problem) => {
    const result = await verifyBundle(rawBundle(`${_case}.tar.gz`.replace(/\W+/g, '-'), extra));
    expect(result.problems.join('\n')).toContain(problem);
  });

  test.each<[string, (bytes: Buffer) => Buffer, string]>([
    ['a second gzip member', (bytes) => Buffer.concat([bytes, zlib.gzipSync(tarOf([{ path: 'hanok-lab/evil', content: 'x' }]))]), 'follow the gzip data (a second gzip member or appended data)'],
    ['data after the gzip stream', (bytes) => Buffer.concat([bytes, Buffer.from('trailing')]), '8 bytes follow the gzip data'],
    ['data after the end of the tar archive', () => gzipLikeHanok(Buffer.concat([tarOf([]), Buffer.from('hidden')])), 'data follows the end of the tar archive'],
    ['a truncated archive', () => gzipLikeHanok(tarOf([{ path: 'hanok-lab/x', content: 'x' }]).subarray(0, 512)), 'the archive ends inside this file'],
  ])('%s', async (_case, transform, problem) => {
    const result = await verifyBundle(rawBundle(`${_case}.tar.gz`.replace(/\W+/g, '-'), [], transform));
    expect(result.problems.join('\n')).toContain(problem);
  });

  test('an entry above the size limit, before reading it (a small bundle that unpacks to gigabytes)', async () => {
    // GIVEN 64 MiB of zeros that compress to about 64 KiB, checked with a 16 MiB limit per file
    const bomb = rawBundle('bomb.tar.gz', [{ path: 'hanok-lab/zeros', content: Buffer.alloc(64 * 1024 ** 2) }]);
    expect(fs.statSync(bomb).size).toBeLessThan(200 * 1024);
    const result = await verifyBundle(bomb, { limits: { ...DEFAULT_VERIFY_LIMITS, entryBytes: 16 * 1024 ** 2 } });
    expect(result.problems).toEqual([`hanok-lab/zeros: ${64 * 1024 ** 2} bytes, more than the limit of ${16 * 1024 ** 2} per file`]);
    const total = await verifyBundle(bomb, { limits: { ...DEFAULT_VERIFY_LIMITS, totalBytes: 32 * 1024 ** 2 } });
    expect(total.problems).toEqual([`the files hold more than the limit of ${32 * 1024 ** 2} bytes in total`]);
  });

  test('a bundle that unpacks to far more than it could is refused early, without unpacking it', async () => {
    // GIVEN 256 MiB of zeros in a bundle of about 256 KiB, declared in its header within the per-file limit
    const zeros = Buffer.alloc(256 * 1024 ** 2);
    const bomb = rawBundle('ratio.tar.gz', [{ path: 'hanok-lab/zeros', content: zeros }]);
    const result = await verifyBundle(bomb);
    expect(result.problems).toEqual([`${bomb}: unpacks to more than 200 times its size, as no hanok bundle does (a decompression bomb?)`]);
  }, 120_000);

  test('hashes as a stream: a 32 MiB entry is checked in far less memory than its size', async () => {
    const large = rawBundle('large.tar.gz', [], () =>
      gzipLikeHanok(tarOf([{ path: 'hanok-lab/SHA256SUMS', content: `${crypto.createHash('sha256').update(Buffer.alloc(32 * 1024 ** 2)).digest('hex')}  zeros\n` }, { path: 'hanok-lab/zeros', content: Buffer.alloc(32 * 1024 ** 2) }])),
    );
    const before = process.memoryUsage().rss;
    const result = await verifyBundle(large);
    expect(result.problems).toEqual([]);
    // Memory grows by much less than the entry; the bound is loose so that garbage collection timing cannot fail it.
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 ** 2);
  });
});

describe('signed bundles', () => {
  const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-keys-'));
  const sshTest = testWithTool('ssh-keygen', 'apt-get install openssh-client');

  function keyPair(name: string): { key: string; pub: string } {
    const key = path.join(keys, name);
    const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@hanok`, '-f', key]);
    if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
    return { key, pub: `${key}.pub` };
  }

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  sshTest('bundle --sign-key signs SHA256SUMS so that ssh-keygen -Y verify and hanok verify --key accept it', async () => {
    const signer = keyPair('signer');
    const file = path.join(directory, 'signed.tar.gz');
    const written = await cli('bundle', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab', '--out', file, '--sign-key', signer.key);
    expect(written.code).toBe(0);
    expect(written.out).toMatch(/signed by SHA256:/);
    // THEN OpenSSH accepts the signature over the unpacked SHA256SUMS
    const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-unpacked-'));
    expect(spawnSync('tar', ['-xzf', file, '-C', unpacked]).status).toBe(0);
    const root = path.join(unpacked, 'hanok-lab');
    fs.writeFileSync(path.join(keys, 'allowed_signers'), `ops@site ${fs.readFileSync(signer.pub, 'utf8')}`);
    const ssh = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(keys, 'allowed_signers'), '-I', 'ops@site', '-n', 'hanok-bundle', '-s', path.join(root, 'SHA256SUMS.sig')], {
      input: fs.readFileSync(path.join(root, 'SHA256SUMS')),
      encoding: 'utf8',
    });
    expect(ssh.stdout + ssh.stderr).toContain('Good "hanok-bundle" signature for ops@site with ED25519 key');
    expect(ssh.status).toBe(0);
    // AND hanok verify --key accepts it, and the sums still check with sha256sum
    const verified = await cli('verify', file, '--key', signer.pub);
    expect(verified).toMatchObject({ code: 0, out: expect.stringMatching(/files match SHA256SUMS; signed by SHA256:/) });
    expect(spawnSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: root }).status).toBe(0);
    // AND the bundle records what produced it
    const provenance = fs.readFileSync(path.join(root, 'PROVENANCE'), 'utf8');
    expect(provenance).toMatch(/^hanok-version: 0\.1\.0\nconfig-commit: [0-9a-f]{40}(-dirty)?\ncluster-files:\n/);
    expect(provenance).toContain(`${crypto.createHash('sha256').update(fs.readFileSync(path.join(EXAMPLE_CLUSTERS_DIR, 'lab.yaml'))).digest('hex')}  lab.yaml`);
  });

  sshTest('verify --key fails for an unsigned bundle, another signer, and a changed SHA256SUMS', async () => {
    const signer = keyPair('one');
    const other = keyPair('two');
    const output = synthesizeCluster(exampleCluster('lab'));
    const provenance = collectProvenance(EXAMPLE_CLUSTERS_DIR, '0.1.0');
    const unsigned = path.join(directory, 'unsigned.tar.gz');
    writeBundle(bundleFiles(output, { provenance }), 'lab', unsigned);
    expect((await cli('verify', unsigned, '--key', signer.pub)).err).toContain('hanok-lab/SHA256SUMS.sig is missing: the bundle is not signed, and --key requires a signature by SHA256:');
    const signed = path.join(directory, 'signed-one.tar.gz');
    const signingKey = parsePrivateKey(fs.readFileSync(signer.key, 'utf8'), signer.key);
    writeBundle(bundleFiles(output, { provenance, signingKey }), 'lab', signed);
    expect((await cli('verify', signed, '--key', other.pub)).err).toMatch(/SHA256SUMS.sig: signed by another key \(SHA256:.*\), expected SHA256:/);
    expect((await cli('verify', signed)).out).toContain("signed, signature not checked (give the signer's key with --key");
    // A changed SHA256SUMS with a copied signature: the signature no longer matches.
    const files = bundleFiles(output, { provenance, signingKey });
    const sums = files.find((file) => file.path === 'SHA256SUMS')!;
    const forged = files.map((file) => (file === sums ? { ...file, content: Buffer.concat([sums.content, Buffer.from(`${'0'.repeat(64)}  extra\n`)]) } : file));
    const forgedFile = path.join(directory, 'forged.tar.gz');
    writeBundle(forged, 'lab', forgedFile);
    expect((await verifyBundle(forgedFile, { publicKey: parsePublicKey(fs.readFileSync(signer.pub, 'utf8'), signer.pub) })).problems).toContain(
      'hanok-lab/SHA256SUMS.sig: the signature does not match the signed checksums',
    );
  });

  sshTest('signing is deterministic: the same input and key give the same bundle bytes', () => {
    const signer = keyPair('det');
    const output = synthesizeCluster(exampleCluster('lab'));
    const key = parsePrivateKey(fs.readFileSync(signer.key, 'utf8'), signer.key);
    const first = path.join(directory, 'det1.tar.gz');
    const second = path.join(directory, 'det2.tar.gz');
    writeBundle(bundleFiles(output, { signingKey: key }), 'lab', first);
    writeBundle(bundleFiles(output, { signingKey: key }), 'lab', second);
    expect(fs.readFileSync(first).equals(fs.readFileSync(second))).toBe(true);
  });

  test('bundle --sign-key refuses a passphrase-protected key and a key that is not Ed25519', async () => {
    const file = path.join(directory, 'nokey.tar.gz');
    const rsa = path.join(keys, 'rsa.pem');
    fs.writeFileSync(rsa, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect((await cli('bundle', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab', '--out', file, '--sign-key', rsa)).err).toContain(`${rsa}: not an Ed25519 private key`);
    expect(fs.existsSync(file)).toBe(false);
  });
});
