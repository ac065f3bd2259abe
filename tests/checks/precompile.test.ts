import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesSchemas, precompiledName } from '../../src/checks/kubernetes-schemas';
import { kindsOf, precompileValidators } from '../../src/checks/precompile';
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
});
