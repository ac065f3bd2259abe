import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * Real registries on loopback for the air-gap round trip (tests and `npm run bench`): Debian's docker-registry
 * (distribution 2.8) started as a plain process on a free 127.0.0.1 port, a tiny multi-platform OCI image made here,
 * pushed with skopeo. No internet is used.
 */

export const REGISTRY_BINARY = ['/usr/bin/docker-registry', 'docker-registry', 'registry'];

/** The first registry binary found, or undefined. */
export function registryBinary(): string | undefined {
  return REGISTRY_BINARY.find((candidate) => !spawnSync(candidate, ['--version'], { encoding: 'utf8' }).error);
}

export function hasSkopeo(): boolean {
  const result = spawnSync('skopeo', ['--version'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
}

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface LoopbackRegistry {
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  stop(): Promise<void>;
}

/** The smallest distribution configuration: filesystem storage in `dataDir`, plain HTTP on 127.0.0.1. */
export function registryConfig(dataDir: string, port: number): string {
  return ['version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${dataDir}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n');
}

/**
 * Starts a registry with the configuration `config` makes for its port (a free one unless given), and waits until
 * it answers /v2/.
 */
export async function startRegistry(workDir: string, config: (port: number) => string, port?: number, scheme: 'http' | 'https' = 'http'): Promise<LoopbackRegistry> {
  const binary = registryBinary();
  if (!binary) throw new Error('no registry binary (apt-get install docker-registry)');
  port ??= await freePort();
  fs.mkdirSync(workDir, { recursive: true });
  const configFile = path.join(workDir, 'config.yml');
  fs.writeFileSync(configFile, config(port));
  // Its log goes to a file, not a pipe: a test blocked in spawnSync would not drain a pipe, and the registry would
  // stall writing to it.
  const logFile = path.join(workDir, 'registry.log');
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(binary, ['serve', configFile], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const stderr = () => fs.readFileSync(logFile, 'utf8').slice(-4000);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    if (await answers(port, scheme)) return { port, address: `127.0.0.1:${port}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the registry on 127.0.0.1:${port} did not start: ${stderr()}`);
}

/** Whether /v2/ answers 200; over HTTPS without checking the certificate, since this only waits for the start. */
function answers(port: number, scheme: 'http' | 'https'): Promise<boolean> {
  return new Promise((resolve) => {
    const get = scheme === 'https' ? https.get : http.get;
    const request = get({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

export interface TinyImage {
  /** The OCI layout folder, tag `v1`. */
  readonly layout: string;
  /** Digest of the image index. */
  readonly indexDigest: string;
  /** Digest of each platform's manifest, by architecture. */
  readonly manifests: Readonly<Record<string, string>>;
}

/** Makes an OCI layout with one image index over linux/amd64 and linux/arm64, each a tiny one-file layer. */
export function buildTinyImage(layout: string): TinyImage {
  const blobs = path.join(layout, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (content: Buffer) => {
    const hex = crypto.createHash('sha256').update(content).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), content);
    return { digest: `sha256:${hex}`, size: content.length };
  };
  const manifests: Record<string, string> = {};
  const descriptors = ['amd64', 'arm64'].map((arch) => {
    const tarBytes = tinyTar('hello.txt', Buffer.from(`hello from hanok's test image, ${arch}\n`));
    const layer = put(zlib.gzipSync(tarBytes, { level: 9 }));
    const config = put(
      Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [`sha256:${crypto.createHash('sha256').update(tarBytes).digest('hex')}`] } })),
    );
    const manifest = put(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
        }),
      ),
    );
    manifests[arch] = manifest.digest;
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { architecture: arch, os: 'linux' } };
  });
  const index = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: descriptors })));
  fs.writeFileSync(
    path.join(layout, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }),
  );
  fs.writeFileSync(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  return { layout, indexDigest: index.digest, manifests };
}

/** A POSIX tar with one regular file, made by hand so the bytes never vary. */
function tinyTar(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

/** Pushes the tiny image (every platform) to `reference` on a plain-HTTP loopback registry. */
export function pushTinyImage(image: TinyImage, reference: string): void {
  const result = spawnSync('skopeo', ['copy', '--quiet', '--all', '--dest-tls-verify=false', `oci:${image.layout}:v1`, `docker://${reference}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`skopeo could not push ${reference}: ${result.stderr}`);
}

/** The digest of the manifest a registry serves for `reference` (plain HTTP), or undefined. */
export function servedDigest(reference: string): string | undefined {
  const result = spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`], { encoding: 'buffer' });
  if (result.status !== 0) return undefined;
  return `sha256:${crypto.createHash('sha256').update(result.stdout).digest('hex')}`;
}
