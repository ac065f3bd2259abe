import * as fs from 'fs';
import * as path from 'path';
import { BASE_SCHEMA_FILE, clusterBaseJsonSchema, clusterJsonSchema, configReference, REFERENCE_FILE, SCHEMA_FILE } from '../../src/config/reference';
import { REPO_ROOT } from '../helpers';
import { FLEET_FILE, FLEET_SCHEMA_FILE, fleetJsonSchema } from '../../src/config/fleet';

describe('files generated from the cluster schema', () => {
  test.each([
    [SCHEMA_FILE, clusterJsonSchema],
    [BASE_SCHEMA_FILE, clusterBaseJsonSchema],
    [REFERENCE_FILE, configReference],
  ])('%s is fresh (run `npm run generate` after changing the schema)', (file, generate) => {
    expect(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')).toEqual(generate());
  });

  test('every example cluster file points editors at the schema', () => {
    for (const file of fs.readdirSync(path.join(REPO_ROOT, 'clusters')).filter((name) => /\.ya?ml$/.test(name) && name !== FLEET_FILE)) {
      expect(fs.readFileSync(path.join(REPO_ROOT, 'clusters', file), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/cluster\.schema\.json\n/);
    }
    expect(fs.readFileSync(path.join(REPO_ROOT, 'clusters', FLEET_FILE), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/fleet\.schema\.json\n/);
  });

  test('schema/fleet.schema.json is fresh (run `npm run generate` after changing the fleet schema)', () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, FLEET_SCHEMA_FILE), 'utf8')).toBe(fleetJsonSchema());
  });

  test('the base files\' JSON Schema takes any part of a spec, and still rejects unknown fields', () => {
    const schema = JSON.parse(clusterBaseJsonSchema());
    expect(schema.properties.kind.const).toBe('ClusterBase');
    expect(schema.properties.spec.required).toBeUndefined();
    expect(schema.properties.spec.properties.nodes.items.required).toBeUndefined();
    expect(schema.properties.spec.additionalProperties).toBe(false);
  });

  test('the JSON Schema rejects unknown fields', () => {
    const schema = JSON.parse(clusterJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.spec.additionalProperties).toBe(false);
  });
});
