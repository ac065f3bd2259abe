/**
 * The registry's TLS path checked against the real programs that consume hanok's output: Distribution (Debian's
 * docker-registry) started with the TLS environment the DockerRegistry Deployment sets, HAProxy running the
 * generated haproxy.cfg (443 passed through as TCP, as to the ingress HTTPS NodePort), and skopeo pushing an image
 * with a large layer while trusting only the CA file the nodes get (nodes/containerd/certs.d/<host>/ca.crt).
 * Traefik itself is not on this machine; the TLSRoute passthrough between HAProxy and the registry is the one hop
 * not exercised here. Everything listens on 127.0.0.1 on ports the OS hands out, and is stopped by the test.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ContainerdRegistryHosts } from '../../src/constructs/containerd-registry-hosts';
import { DockerRegistry } from '../../src/constructs/docker-registry';
import { HaproxyConfig } from '../../src/constructs/haproxy-config';
import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { freePort } from '../../scripts/loopback-registry';
import { findObject, newApp } from '../helpers';

const TOOLS = ['openssl', 'haproxy', 'docker-registry', 'skopeo'];
const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const runIt = missing.length === 0 || !!process.env.CI;
if (!runIt) {
  console.warn(`registry TLS path test skipped: ${missing.join(', ')} not installed (apt-get install ${missing.join(' ')}; CI installs them)`);
}

const HOST = 'registry.localtest.com';
const LAYER_BYTES = 48 * 1024 * 1024;


function waitForPort(port: number, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** An OCI image layout with one large random layer. */
function writeOciImage(directory: string): void {
  const blobs = path.join(directory, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer) => {
    const digest = sha256(data);
    fs.writeFileSync(path.join(blobs, digest.slice(7)), data);
    return { digest, size: data.length };
  };
  const layer = put(randomBytes(LAYER_BYTES));
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  const manifest = put(Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
  })));
  fs.writeFileSync(path.join(directory, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(path.join(directory, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'big' } }],
  }));
}

(runIt ? describe : describe.skip)('registry TLS path (Distribution, HAProxy, skopeo)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-registry-tls-path-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a push of a large layer through the generated HAProxy front end to the registry\'s own certificate, trusted via the node CA file', async () => {
    // GIVEN a site CA and a registry certificate it signed (the Secret registry-tls an operator supplies)
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-keyout', 'ca.key', '-out', 'ca.crt',
      '-subj', '/CN=hanok test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', `/CN=${HOST}`);
    fs.writeFileSync(path.join(work, 'ext.cnf'), `subjectAltName=DNS:${HOST},DNS:localhost\nextendedKeyUsage=serverAuth\n`);
    openssl('x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', 'tls.crt', '-extfile', 'ext.cnf');

    // ... the registry as hanok deploys it: its TLS environment, with the Secret's mount mapped to the work folder
    const chart = new Chart(Testing.app(), 'test');
    new DockerRegistry(chart, 'Registry', {
      namespace: 'docker-registry', host: HOST, frontend: new IngressFrontend({ className: 'nginx' }), tlsSecretName: 'registry-tls',
      nfs: { server: '192.0.2.1', exportPath: '/srv' }, pullSecretName: 'regcred',
    });
    const container = findObject(Testing.synth(chart), 'Deployment', 'docker-registry').spec.template.spec.containers[0];
    const mount = container.volumeMounts.find((volumeMount: any) => volumeMount.name === 'tls').mountPath;
    const registryPort = await freePort();
    const env: Record<string, string> = {};
    for (const variable of container.env) {
      env[variable.name] = variable.name === 'REGISTRY_HTTP_ADDR' ? `127.0.0.1:${registryPort}` : String(variable.value).replace(mount, work);
    }
    fs.mkdirSync(path.join(work, 'store'));
    fs.writeFileSync(path.join(work, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(work, 'store')}\nhttp:\n  addr: 127.0.0.1:${registryPort}\n`);
    const registry = spawn('docker-registry', ['serve', path.join(work, 'config.yml')], { env: { ...process.env, ...env }, stdio: 'ignore' });
    children.push(registry);

    // ... HAProxy with the generated front end, 443 going to the "HTTPS NodePort" (the registry here)
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const haproxy = new HaproxyConfig(new Chart(newApp(), 'lb'), 'Haproxy', { servers: [{ name: 'node1', address: '127.0.0.1' }], httpNodePort: 1, httpsNodePort: registryPort });
    const config = haproxy.content
      .replace('bind *:80', `bind 127.0.0.1:${httpPort}`)
      .replace('bind *:443', `bind 127.0.0.1:${httpsPort}`)
      .split('\n')
      .filter((line) => !/^\s+(log \/dev\/log|user|group) /.test(line))
      .join('\n');
    expect(config).toContain(`server node1 127.0.0.1:${registryPort} check`);
    fs.writeFileSync(path.join(work, 'haproxy.cfg'), config);
    execFileSync('haproxy', ['-c', '-f', path.join(work, 'haproxy.cfg')], { stdio: 'pipe' });
    children.push(spawn('haproxy', ['-db', '-f', path.join(work, 'haproxy.cfg')], { stdio: 'ignore' }));
    await waitForPort(registryPort);
    await waitForPort(httpsPort);

    // ... and the CA file the nodes install beside hosts.toml
    const hosts = new ContainerdRegistryHosts(new Chart(newApp(), 'nodes'), 'Hosts', { host: HOST, caCertificate: fs.readFileSync(path.join(work, 'ca.crt'), 'utf8') });
    const certDir = path.join(work, 'certs.d');
    fs.mkdirSync(certDir);
    fs.writeFileSync(path.join(certDir, 'ca.crt'), hosts.caFile!.content);
    writeOciImage(path.join(work, 'image'));

    // WHEN an image with a large layer is pushed through HAProxy, verifying against that CA only
    const target = `docker://localhost:${httpsPort}/test/big:1`;
    const push = spawnSync('skopeo', ['copy', '--dest-cert-dir', certDir, `oci:${path.join(work, 'image')}:big`, target], { encoding: 'utf8', timeout: 120000 });

    // THEN it arrives whole, and the same registry is refused without the CA (verification is real)
    expect(push.stderr).toBe('');
    expect(push.status).toBe(0);
    const inspect = spawnSync('skopeo', ['inspect', '--raw', '--cert-dir', certDir, target], { encoding: 'utf8', timeout: 60000 });
    expect(inspect.status).toBe(0);
    // skopeo gzips the (random, incompressible) layer on the way, so it arrives slightly larger.
    expect(JSON.parse(inspect.stdout).layers[0].size).toBeGreaterThanOrEqual(LAYER_BYTES);
    const untrusted = spawnSync('skopeo', ['inspect', '--raw', target], { encoding: 'utf8', timeout: 60000 });
    expect(untrusted.status).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate signed by unknown authority|x509/);
  }, 180000);
});
