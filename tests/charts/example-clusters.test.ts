import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTER_NAMES, exampleCluster, ownWarnings } from '../helpers';

// One snapshot per chart per example cluster: a reviewer sees every change to the generated YAML here and in dist/.
describe.each(EXAMPLE_CLUSTER_NAMES)('example cluster %s', (name) => {
  const output = synthesizeCluster(exampleCluster(name));

  test('passes every output check', () => {
    expect(output.check.failures).toEqual([]);
    expect(ownWarnings(output.check.warnings)).toEqual([]);
  });

  test.each(output.manifests.map((manifest) => [manifest.name, manifest] as const))('chart %s matches its snapshot', (_file, manifest) => {
    expect(manifest.objects).toMatchSnapshot();
  });

  test('writes a kustomization listing every manifest file in apply order', () => {
    const kustomization = output.files.get('kustomization.yaml')!;
    const listed = [...kustomization.matchAll(/^ {2}- (.+)$/gm)].map((match) => match[1]);
    expect(listed).toEqual(output.manifests.map((manifest) => manifest.name));
    expect(listed).toEqual([...listed].sort());
  });
});
