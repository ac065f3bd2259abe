import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { checkSchemas } from '../../src/checks/schema-check';
import { ManifestEntry } from '../../src/checks/manifest';
import { REPO_ROOT } from '../helpers';

const CRDS = path.join(REPO_ROOT, 'crds');

/* eslint-disable @typescript-eslint/no-explicit-any */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'openmcp-examples');

function load(file: string): any[] {
  return yaml.loadAll(fs.readFileSync(file, 'utf8')).filter((document) => document !== null && document !== undefined) as any[];
}

const crdEntries: ManifestEntry[] = fs
  .readdirSync(path.join(CRDS, 'openmcp'))
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .flatMap((name) => load(path.join(CRDS, 'openmcp', name)).map((object) => ({ file: name, object })));

function failuresOf(object: any): string[] {
  return checkSchemas([...crdEntries, { file: 'example.yaml', object }])
    .filter((failure) => failure.entry.file === 'example.yaml')
    .map((failure) => `${failure.field}: ${failure.message}`);
}

const name = (object: any) => `${object.kind} ${object.metadata.name}`;

describe("upstream's example OpenMCP resources against hanok's CRDs", () => {
  const accepted = load(path.join(FIXTURES, 'accepted.yaml'));
  const refused = load(path.join(FIXTURES, 'refused.yaml'));

  test('the fixtures cover every kind the seed and the controllers exemplify', () => {
    expect(new Set(accepted.map((object) => object.kind))).toEqual(
      new Set([
        'OpenMCPDeployment', 'OpenMCPService', 'OpenMCPIngress', 'OpenMCPDomain', 'OpenMCPServiceDNSRecord', 'OpenMCPIngressDNSRecord',
        'OpenMCPHybridAutoScaler', 'OpenMCPPolicy', 'OpenMCPCluster',
      ]),
    );
  });

  test.each(load(path.join(FIXTURES, 'accepted.yaml')).map((object) => [name(object), object]))('%s, which the controllers read, validates', (_name, object) => {
    expect(failuresOf(object)).toEqual([]);
  });

  test.each(refused.map((object) => [name(object), object]))('%s, in a shape the controller does not read, is refused', (_name, object) => {
    expect(failuresOf(object).length).toBeGreaterThan(0);
  });

  test('the 2020 autoscaler shape is refused for the fields the controller ignores, and for the missing mainController', () => {
    const failures = failuresOf(refused[0]).join('\n');
    expect(failures).toMatch(/mainController/);
    expect(failures).toMatch(/hpaTemplate|vpaMode/);
  });
});
