import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { CRDS_FOLDER, crdFolderDocuments, CustomResourceDefinitions, CustomResourceDefinitionsProps } from '../../src/constructs/custom-resource-definitions';
import { isSealed } from '../../src/kube/exact-json';
import { listPackageFolder } from '../../src/assets/package-files';
import { findObject, REPO_ROOT } from '../helpers';

function synth(props: CustomResourceDefinitionsProps) {
  const chart = new Chart(Testing.app(), 'test');
  const crds = new CustomResourceDefinitions(chart, 'Crds', props);
  return { crds, objects: Testing.synth(chart) };
}

const WIDGET = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.org
spec:
  group: example.org
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          description: A widget.
          properties:
            spec:
              type: object
              description: What the widget should be.
              properties:
                description: { type: string, description: A field that is called description. }
`;

const temporaryFolders: string[] = [];
afterAll(() => temporaryFolders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** A temporary crds-like folder holding the given files. */
function folderWith(files: Record<string, string>): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-crds-'));
  temporaryFolders.push(directory);
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(directory, name), text);
  }
  return directory;
}

describe('CustomResourceDefinitions', () => {
  test('reads the package\'s crds/ folder', () => {
    expect(listPackageFolder(`${CRDS_FOLDER}/metallb`)).toEqual(fs.readdirSync(path.join(REPO_ROOT, 'crds', 'metallb')).sort());
  });

  test('minimal: every CRD file of a crds/ subfolder, in file-name order, with recommended labels', () => {
    // GIVEN / WHEN
    const { objects, crds } = synth({ directory: 'metallb' });
    // THEN
    expect(objects.map((object) => object.metadata.name)).toMatchSnapshot();
    expect(crds.names).toEqual(objects.map((object) => object.metadata.name));
    const pools = findObject(objects, 'CustomResourceDefinition', 'ipaddresspools.metallb.io');
    expect(pools.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'crd' });
    expect(pools.metadata.namespace).toBeUndefined();
    expect(pools.spec.versions[0].schema.openAPIV3Schema.properties.spec.required).toEqual(['addresses']);
  });

  test('MetalLB 0.16: the new CRDs, and BGPPeer ASNs as int64 so that Kubernetes 1.36 accepts the CRD', () => {
    const { objects } = synth({ directory: 'metallb' });
    expect(objects.map((object) => object.metadata.name)).toEqual(expect.arrayContaining(['configurationstates.metallb.io', 'servicebgpstatuses.metallb.io']));
    const peers = findObject(objects, 'CustomResourceDefinition', 'bgppeers.metallb.io');
    for (const version of peers.spec.versions) {
      const spec = version.schema.openAPIV3Schema.properties.spec.properties;
      for (const field of ['myASN', 'peerASN']) {
        expect(spec[field]).toMatchObject({ type: 'integer', format: 'int64', maximum: 4294967295 });
      }
    }
  });

  test('all props: an absolute folder, chosen files, the identity labels', () => {
    // GIVEN
    const directory = folderWith({ 'widgets.yaml': WIDGET, 'ignored.yaml': WIDGET.replace(/widget/g, 'gadget') });
    const all: Required<CustomResourceDefinitionsProps> = { directory, files: ['widgets.yaml'], appName: 'widget-operator', component: 'definitions' };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.map((object) => object.metadata.name)).toEqual(['widgets.example.org']);
    expect(objects[0].metadata.labels).toEqual({ 'app.kubernetes.io/name': 'widget-operator', 'app.kubernetes.io/component': 'definitions' });
  });

  test('keeps the schema descriptions, so kubectl explain shows them', () => {
    const { objects } = synth({ directory: folderWith({ 'widgets.yaml': WIDGET }) });
    const schema = objects[0].spec.versions[0].schema.openAPIV3Schema;
    expect(JSON.stringify(schema)).toContain('A widget.');
    expect(schema.properties.spec.properties.description).toEqual({ type: 'string', description: 'A field that is called description.' });
  });

  test('fails when the folder does not exist or holds no YAML', () => {
    expect(() => synth({ directory: 'no-such-component' })).toThrow("CustomResourceDefinitions: 'directory' must be a folder of CRD files (got \"no-such-component\"");
    expect(() => synth({ directory: folderWith({ 'README.md': '# none' }) })).toThrow('holds no .yaml files');
    expect(() => synth({ directory: folderWith({ 'widgets.yaml': WIDGET }), files: ['gadgets.yaml'] })).toThrow("'files' names \"gadgets.yaml\"");
  });

  test('fails on a document that is not a v1 CRD', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\n';
    expect(() => synth({ directory: folderWith({ 'x.yaml': deployment }) })).toThrow('is apps/v1/Deployment, expected apiextensions.k8s.io/v1 CustomResourceDefinition');
    const beta = WIDGET.replace('apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1');
    expect(() => synth({ directory: folderWith({ 'x.yaml': beta }) })).toThrow('expected apiextensions.k8s.io/v1 CustomResourceDefinition');
  });

  test('fails on a misnamed, unstructured or duplicate definition', () => {
    expect(() => synth({ directory: folderWith({ 'x.yaml': WIDGET.replace('name: widgets.example.org', 'name: widget.example.org') }) })).toThrow(
      'is named "widget.example.org", but a CRD must be named <plural>.<group> (widgets.example.org)',
    );
    expect(() => synth({ directory: folderWith({ 'x.yaml': WIDGET.replace('type: object\n          description: A widget.', 'description: A widget.') }) })).toThrow(
      'version v1 has no structural schema',
    );
    expect(() => synth({ directory: folderWith({ 'x.yaml': `${WIDGET}---\n${WIDGET}` }) })).toThrow('(document 2) defines widgets.example.org a second time');
    expect(() => synth({ directory: folderWith({ 'x.yaml': WIDGET.replace('storage: true', 'storage: false') }) })).toThrow('exactly one version as the storage version');
  });

  test('crdFolderDocuments: the documents of every YAML file of a folder, in file-name order, parsed once, specs sealed', () => {
    const directory = folderWith({ 'b.yaml': WIDGET, 'a.yml': WIDGET.replace(/idget/g, 'adget'), 'notes.md': 'not a CRD' });
    const documents = crdFolderDocuments(directory) as { metadata: { name: string }; spec: object }[];
    expect(documents.map((document) => document.metadata.name)).toEqual(['wadgets.example.org', 'widgets.example.org']);
    expect(documents.every((document) => isSealed(document.spec))).toBe(true);
    // Parsed once per process: the same objects again, and a changed file is not read a second time.
    fs.writeFileSync(path.join(directory, 'b.yaml'), 'not: a CRD');
    expect(crdFolderDocuments(directory)[1]).toBe(documents[1]);
    // The package's GitOps CRDs, which the GitOps files are checked against, come the same way.
    expect((crdFolderDocuments('gitops') as { kind: string }[]).map((document) => document.kind)).toEqual(Array(4).fill('CustomResourceDefinition'));
  });
});
