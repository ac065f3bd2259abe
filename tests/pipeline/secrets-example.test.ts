import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { renderSecretsExample } from '../../src/pipeline/secrets-example';
import { EXAMPLE_CLUSTER_NAMES, exampleCluster } from '../helpers';

describe('secrets.example', () => {
  test.each(EXAMPLE_CLUSTER_NAMES)('%s: lists every supplied Secret with its type and every key, without values', (name) => {
    const output = synthesizeCluster(exampleCluster(name));
    const example = output.files.get('secrets.example')!;
    for (const secret of output.suppliedSecrets) {
      expect(example).toContain(`# secret ${secret.namespace}/${secret.name} type=${secret.type}`);
      for (const [key, what] of Object.entries(secret.keys)) {
        expect(example).toContain(`\n${secret.namespace}/${secret.name}/${key}=\n`);
        expect(example).toContain(`#   ${key}: ${what}`);
      }
    }
    const assignments = example.split('\n').filter((line) => !line.startsWith('#') && line.includes('='));
    expect(assignments.every((line) => line.endsWith('='))).toBe(true);
    expect(assignments).toHaveLength(output.suppliedSecrets.reduce((count, secret) => count + Object.keys(secret.keys).length, 0));
  });

  test('says so when the cluster needs no Secrets', () => {
    expect(renderSecretsExample('empty', '# header\n', [])).toContain('# This cluster needs no Secrets.');
  });
});
