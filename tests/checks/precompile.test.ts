import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { customSchemaKey, KubernetesSchemas, precompiledName } from '../../src/checks/kubernetes-schemas';
import { kindsOf, precompileCustomValidators, precompileValidators, precompileVersionedValidators } from '../../src/checks/precompile';
import { SchemaSet } from '../../src/checks/versioned-schemas';
import { REPO_ROOT } from '../helpers';
import { baseline, pick } from './fixtures';

describe('precompiled validators', () => {
  test('cover the workload, networking, RBAC, storage and extension kinds', () => {
    const names = kindsOf().map(([apiVersion, kind]) => `${apiVersion}/${kind}`);
    expect(names).toEqual(expect.arrayContaining([
      'v1/Service', 'apps/v1/Deployment', 'apps/v1/DaemonSet', 'networking.k8s.io/v1/Ingress', 'rbac.authorization.k8s.io/v1/ClusterRole',
      'storage.k8s.io/v1/StorageClass', 'apiextensions.k8s.io/v1/CustomResourceDefinition', 'apiregistration.k8s.io/v1/APIService',
      'autoscaling/v2/HorizontalPodAutoscaler', 'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
    ]));
    expect(names.some((name) => name.endsWith('List'))).toBe(false);
  });

  test('find exactly what the validators compiled at run time find', () => {
    // GIVEN precompiled code for two kinds, written next to the formats module it requires
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-precompiled-'));
    fs.writeFileSync(path.join(directory, 'schema-formats.js'), `module.exports = require(${JSON.stringify(path.resolve(__dirname, '../../src/checks/schema-formats'))});`);
    fs.writeFileSync(path.join(directory, 'validators.js'), precompileValidators([['apps/v1', 'Deployment'], ['v1', 'Service']]));
    const precompiled = require(path.join(directory, 'validators.js'));
    const runtime = new KubernetesSchemas({ usePrecompiled: false });
    // WHEN both validate a valid and a broken object
    const objects = baseline();
    const broken = JSON.parse(JSON.stringify(pick(objects, 'Deployment')));
    broken.spec.template.spec.containers[0].bogus = true;
    broken.spec.replicas = 'two';
    for (const object of [pick(objects, 'Deployment'), pick(objects, 'Service'), broken]) {
      const validate = precompiled[precompiledName(object.apiVersion, object.kind)];
      const valid = validate(object);
      // THEN they agree, error for error
      expect(valid).toBe(runtime.validate(object).length === 0);
      expect((validate.errors ?? []).map((error: any) => `${error.instancePath} ${error.message}`)).toEqual(
        valid ? [] : expect.arrayContaining([expect.stringContaining('/spec/replicas'), expect.stringContaining('must NOT have additional properties')]),
      );
    }
  });

  /** A folder holding generated code and the formats module it requires. */
  function generatedModule(source: string): any {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-precompiled-'));
    fs.writeFileSync(path.join(directory, 'schema-formats.js'), `module.exports = require(${JSON.stringify(path.resolve(__dirname, '../../src/checks/schema-formats'))});`);
    fs.writeFileSync(path.join(directory, 'validators.js'), source);
    return require(path.join(directory, 'validators.js'));
  }

  const errorsOf = (validate: any, object: unknown) => (validate(object) ? [] : validate.errors.map((error: any) => ({ ...error })));

  test('of a Kubernetes minor find exactly what the same minor compiled at run time finds', () => {
    // GIVEN the 1.33 validators generated for two group versions, and the same minor compiled at run time
    const precompiled = generatedModule(precompileVersionedValidators('1.33', ['v1', 'apps/v1']));
    const runtime = new SchemaSet('1.33', { usePrecompiled: false });
    expect(Object.keys(precompiled)).toEqual(expect.arrayContaining([precompiledName('apps/v1', 'Deployment'), precompiledName('v1', 'Service')]));
    expect(precompiled[precompiledName('batch/v1', 'Job')]).toBeUndefined();
    // WHEN both validate a valid Deployment and one with an unknown field of a later release and a wrong type
    const objects = baseline();
    const broken = JSON.parse(JSON.stringify(pick(objects, 'Deployment')));
    broken.spec.template.spec.hostnameOverride = 'web-0';
    broken.spec.replicas = 'two';
    for (const object of [pick(objects, 'Deployment'), pick(objects, 'Service'), broken]) {
      const validate = precompiled[precompiledName(object.apiVersion, object.kind)];
      // THEN they report the same errors, field for field
      expect(errorsOf(validate, object)).toEqual(errorsOf(runtime.validator(object.apiVersion, object.kind), object));
    }
    expect(errorsOf(precompiled[precompiledName('apps/v1', 'Deployment')], broken).map((error: any) => error.instancePath)).toEqual(
      expect.arrayContaining(['/spec/replicas', '/spec/template/spec']),
    );
  });

  test('of a CRD schema find exactly what the schema compiled at run time finds, and only for that exact schema', () => {
    // GIVEN the precompiled validator of MetalLB's IPAddressPool schema
    const [crd] = yaml.loadAll(fs.readFileSync(path.join(REPO_ROOT, 'crds/metallb/metallb.io_ipaddresspools.yaml'), 'utf8')) as any[];
    const schema = crd.spec.versions.find((version: any) => version.name === 'v1beta1').schema.openAPIV3Schema;
    const precompiled = generatedModule(precompileCustomValidators([crd]));
    const validate = precompiled[customSchemaKey(schema)];
    const runtime = new KubernetesSchemas({ usePrecompiled: false }).ajv.compile(require('../../src/checks/kubernetes-schemas').strictify(schema));
    // WHEN both validate a valid pool and one with an unknown field and a wrong type
    const valid = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'pool', namespace: 'metallb-system' }, spec: { addresses: ['192.168.1.240-192.168.1.250'] } };
    const broken = { ...valid, spec: { addresses: 'not-a-list', bogus: true } };
    // THEN they agree error for error
    expect(errorsOf(validate, valid)).toEqual([]);
    expect(errorsOf(validate, broken)).toEqual(errorsOf(runtime, broken));
    expect(errorsOf(validate, broken).map((error: any) => error.keyword)).toEqual(expect.arrayContaining(['additionalProperties', 'type']));
    // AND the key is canonical (key order does not matter) but any change of content gives another key
    const reordered = Object.fromEntries(Object.entries(schema).reverse());
    expect(customSchemaKey(reordered)).toBe(customSchemaKey(schema));
    expect(customSchemaKey({ ...schema, description: 'changed' })).not.toBe(customSchemaKey(schema));
    expect(precompiled[customSchemaKey({ ...schema, description: 'changed' })]).toBeUndefined();
  });
});

describe('the code caches of the precompiled validators', () => {
  // `npm run build` (run by `npm ci`) writes a V8 code cache beside each validators module: the Node that runs hanok
  // must accept each, or every run would parse 4 MB of JavaScript again (src/assets/code-cache.ts). V8 also rejects a
  // cache made under other flags, so this asks a plain `node`, as `hanok` runs, rather than jest's worker.
  const { CODE_CACHE_SUFFIX } = require('../../src/assets/code-cache');
  const checks = path.join(REPO_ROOT, 'lib', 'src', 'checks');
  const modules = fs.readdirSync(checks).filter((file) => /^(kubernetes|crd|versioned)-validators(-[\d.]+)?\.generated\.js$/.test(file) && file !== 'versioned-validators.generated.js');

  test('are beside every validators module the build wrote, and accepted by Node', () => {
    expect(modules).toEqual(expect.arrayContaining(['kubernetes-validators.generated.js', 'crd-validators.generated.js', 'versioned-validators-1.36.generated.js']));
    const script = `const { codeCacheAccepted } = require(${JSON.stringify(path.join(REPO_ROOT, 'lib', 'src', 'assets', 'code-cache.js'))});
for (const file of JSON.parse(process.argv[1])) console.log(file.split('/').pop() + ': ' + codeCacheAccepted(file));`;
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const result = spawnSync(process.execPath, ['-e', script, JSON.stringify(modules.map((file) => path.join(checks, file)))], { encoding: 'utf8', env });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(modules.map((file) => `${file}: true`));
    for (const file of modules) expect(fs.existsSync(path.join(checks, `${file}${CODE_CACHE_SUFFIX}`))).toBe(true);
  });

  test('are left out of the package, like the start-up snapshot', () => {
    const files = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).files as string[];
    expect(files).toContain(`!lib/**/*${CODE_CACHE_SUFFIX}`);
  });
});
