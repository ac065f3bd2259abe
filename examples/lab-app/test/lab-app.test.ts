import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clusterJsonSchema, synth, synthesizeClusters } from 'hanok';
import { extensions } from '../src/extension';
import { LAB_APP_IMAGE } from '../src/lab-app-chart';

const PROJECT = path.join(__dirname, '..');
const CLUSTERS = path.join(PROJECT, 'clusters');

/** The temporary folders the tests write, removed at the end. */
const temporary: string[] = [];
function temporaryDirectory(prefix: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(directory);
  return directory;
}
afterAll(() => temporary.forEach((directory) => fs.rmSync(directory, { recursive: true, force: true })));

/** A copy of the project's cluster folder, with `extra` appended to lab.yaml's spec. */
function clustersWith(extra: string): string {
  const directory = temporaryDirectory('lab-app-');
  fs.cpSync(CLUSTERS, directory, { recursive: true });
  fs.appendFileSync(path.join(directory, 'lab.yaml'), extra);
  return directory;
}

function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the run to fail');
}

describe('the lab cluster with lab-app', () => {
  test('synth writes the app\'s chart beside the layers, after the ingress', () => {
    // GIVEN
    const outDir = path.join(temporaryDirectory('lab-app-dist-'), 'dist');
    // WHEN
    const [output] = synth({ clustersDir: CLUSTERS, outDir, extensions });
    // THEN
    const files = fs.readdirSync(path.join(outDir, 'lab')).filter((file) => file.endsWith('.yaml'));
    expect(files).toEqual([
      '01-networking.yaml',
      '02-storage.yaml',
      '03-ingress.yaml',
      '04-registry.yaml',
      '05-metrics.yaml',
      '06-openfx.yaml',
      '07-lab-app.yaml',
      'kustomization.yaml',
    ]);
    expect(output.check.failures).toEqual([]);
    const app = output.manifests.find((manifest) => manifest.chart === 'lab-app')!;
    expect(app.objects.map((object) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`)).toEqual([
      'Namespace /lab-app',
      'Deployment lab-app/lab-app',
      'Service lab-app/lab-app',
      'HTTPRoute lab-app/lab-app',
    ]);
    const route = app.objects.find((object) => object.kind === 'HTTPRoute') as any;
    expect(route.spec.hostnames).toEqual(['app.lab.localtest.com']);
    expect(route.spec.parentRefs[0]).toMatchObject({ kind: 'Gateway', namespace: 'traefik' });
    const deployment = app.objects.find((object) => object.kind === 'Deployment') as any;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'lab-app', 'app.kubernetes.io/managed-by': 'hanok' });
    // The Secret it reads is supplied at apply time; its image is listed for the air-gap mirror.
    expect(fs.readFileSync(path.join(outDir, 'lab', 'secrets.example'), 'utf8')).toContain('lab-app/lab-app-api/token=');
    expect(fs.readFileSync(path.join(outDir, 'lab', 'images.txt'), 'utf8')).toContain(LAB_APP_IMAGE);
    expect(fs.readFileSync(path.join(outDir, 'lab', 'kustomization.yaml'), 'utf8')).toContain('- 07-lab-app.yaml');
  });

  test('the output checks (schema, links, policy) apply to the app\'s chart', () => {
    const target = '\n  patches:\n    - target: { kind: Deployment, name: lab-app }\n      jsonPatch:\n';
    const broken = (operation: string) => failureOf(() => synthesizeClusters(clustersWith(`${target}        - ${operation}\n`), ['lab'], { extensions }));
    expect(broken('{ op: replace, path: /spec/replicas, value: two }')).toMatch(/07-lab-app\.yaml: Deployment lab-app\/lab-app: .*\[schema\]/);
    expect(broken('{ op: replace, path: /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name, value: nowhere }')).toMatch(
      /07-lab-app\.yaml: Deployment lab-app\/lab-app: .*nowhere.*\[links\]/,
    );
    expect(broken('{ op: remove, path: /spec/template/spec/containers/0/resources }')).toMatch(/07-lab-app\.yaml: Deployment lab-app\/lab-app: .*\[policy\]/);
  });

  test('an air-gapped site pulls the app\'s image from its mirror, like the layers\' images', () => {
    const [output] = synthesizeClusters(clustersWith('\n  images:\n    mirror: mirror.lab.localtest.com\n'), ['lab'], { extensions });
    expect(output.images).toContain(`mirror.lab.localtest.com/${LAB_APP_IMAGE}`);
    expect(output.mappedImages.find((image) => image.image === `mirror.lab.localtest.com/${LAB_APP_IMAGE}`)?.source).toBe(LAB_APP_IMAGE);
  });

  test('fails when the section has an unknown field or a wrong value, naming the file and field', () => {
    const message = failureOf(() => synthesizeClusters(clustersWith('      colour: blue\n      namespace: Lab_App\n'), ['lab'], { extensions }));
    expect(message).toMatch(/lab\.yaml:\d+: spec\.extensions\.lab-app\.colour: unknown field \(expected one of host, replicas, namespace\)/);
    expect(message).toMatch(/lab\.yaml:\d+: spec\.extensions\.lab-app\.namespace: .*\(got "Lab_App"/);
  });

  test('schema/cluster.schema.json is hanok\'s schema with the lab-app section (npm run schema)', () => {
    const schema = clusterJsonSchema(extensions);
    expect(fs.readFileSync(path.join(PROJECT, 'schema', 'cluster.schema.json'), 'utf8')).toBe(schema);
    expect(JSON.parse(schema).properties.spec.properties.extensions.properties['lab-app'].required).toEqual(['host']);
  });
});
