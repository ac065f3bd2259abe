import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { parseClusterFile } from '../../src/config/load';
import { formatProblem } from '../../src/config/problems';
import { exampleCluster, exampleDocument, problemsOf } from '../helpers';

/** Writes the lab example with `registry` changed and extra files into a temporary folder, then loads it. */
function loadWith(registry: Record<string, unknown>, files: Record<string, string> = {}) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-registry-tls-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
      fs.writeFileSync(path.join(directory, name), content);
    }
    const document = exampleDocument('lab');
    document.spec.registry = { ...document.spec.registry, ...registry };
    const file = path.join(directory, 'lab.yaml');
    const result = parseClusterFile(file, yaml.dump(document));
    return { cluster: result.cluster, problems: result.problems.map((problem) => formatProblem(problem).replace(file, 'clusters/lab.yaml')) };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

const EXAMPLE_CA = fs.readFileSync(path.join(__dirname, '../../clusters/certs/site-ca.crt'), 'utf8');

describe('registry TLS configuration', () => {
  test('the openmcp example reads its CA: secret name, file and PEM text', () => {
    const tls = exampleCluster('openmcp').spec.registry.tls;
    expect(tls).toEqual({ secretName: 'registry-tls', caFile: 'certs/site-ca.crt', caCertificate: EXAMPLE_CA });
    expect(EXAMPLE_CA).not.toContain('PRIVATE KEY');
  });

  test('secretName defaults to registry-tls', () => {
    const { cluster, problems } = loadWith({ insecure: false, tls: { caFile: 'ca.crt' } }, { 'ca.crt': EXAMPLE_CA });
    expect(problems).toEqual([]);
    expect(cluster!.spec.registry.tls!.secretName).toBe('registry-tls');
  });

  test('fails when the registry is secure without TLS, saying so', () => {
    const document = exampleDocument('lab');
    document.spec.registry.insecure = false;
    expect(problemsOf(document)).toEqual([
      expect.stringMatching(/^clusters\/lab\.yaml:\d+: spec\.registry\.tls: required field is missing: the registry is secure \(insecure: false\), so nodes verify https:\/\/registry\.localtest\.com and the registry needs a certificate to serve and a CA for the nodes to trust \(expected tls: \{ secretName: registry-tls, caFile: certs\/<ca>\.crt \}, or insecure: true for a test setup\)$/),
    ]);
  });

  test('insecure: true keeps working without TLS', () => {
    expect(problemsOf(exampleDocument('lab'))).toEqual([]);
  });

  test('fails when the CA file is missing', () => {
    expect(loadWith({ insecure: false, tls: { caFile: 'certs/none.crt' } }).problems).toEqual([
      expect.stringMatching(/^clusters\/lab\.yaml:\d+: spec\.registry\.tls\.caFile: file not found \(looked for .*certs\/none\.crt\) \(got "certs\/none\.crt"/),
    ]);
  });

  test('fails when the CA file holds a private key', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n';
    expect(loadWith({ insecure: false, tls: { caFile: 'ca.crt' } }, { 'ca.crt': EXAMPLE_CA + key }).problems).toEqual([
      expect.stringContaining('spec.registry.tls.caFile: holds a private key, which must never be in git'),
    ]);
  });

  test('fails when the CA file is not a PEM certificate', () => {
    expect(loadWith({ insecure: false, tls: { caFile: 'ca.crt' } }, { 'ca.crt': 'not a certificate\n' }).problems).toEqual([
      expect.stringContaining('spec.registry.tls.caFile: is not a PEM certificate file'),
    ]);
  });

  test('fails when the path is absolute', () => {
    expect(loadWith({ insecure: false, tls: { caFile: '/etc/ssl/ca.crt' } }).problems).toEqual([
      expect.stringContaining('spec.registry.tls.caFile: must be relative to the cluster file'),
    ]);
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!openssl && !process.env.CI) {
    console.warn('registry TLS test: openssl is not installed, skipping the leaf-certificate case (it runs in CI)');
  }
  (openssl || process.env.CI ? test : test.skip)('fails when the certificate is not a CA (a leaf certificate given by mistake)', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-leaf-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
        '-keyout', path.join(directory, 'leaf.key'), '-out', path.join(directory, 'leaf.crt'),
        '-subj', '/CN=registry.localtest.com', '-addext', 'basicConstraints=critical,CA:FALSE',
      ], { stdio: 'ignore' });
      const leaf = fs.readFileSync(path.join(directory, 'leaf.crt'), 'utf8');
      expect(loadWith({ insecure: false, tls: { caFile: 'ca.crt' } }, { 'ca.crt': leaf }).problems).toEqual([
        expect.stringContaining('spec.registry.tls.caFile: certificate 1 (CN=registry.localtest.com) is not a CA certificate'),
      ]);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
