import * as fs from 'fs';
import * as path from 'path';
import { checkSchemas } from '../../src/checks/schema-check';
import { apiSummaryOf, schemaMinorFor, schemaMinors, SchemaSet, validateAgainstMinor } from '../../src/checks/versioned-schemas';
import { API_SCHEMA_SOURCES } from '../../scripts/kubernetes-api-schemas';
import { REPO_ROOT } from '../helpers';

function deployment(podSpec: Record<string, unknown>): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }], ...podSpec } },
    },
  };
}

describe('version-matched schemas', () => {
  test('the summary built beside the precompiled validators names the kinds and label the schema file does', () => {
    for (const minor of schemaMinors()) {
      // GIVEN a minor's schema file, read as a run without precompiled validators reads it
      const set = new SchemaSet(minor, { usePrecompiled: false });
      // WHEN summarized as scripts/compile-schemas.ts does
      const summary = apiSummaryOf(fs.readFileSync(path.join(REPO_ROOT, 'schema/kubernetes', `${minor}.json`), 'utf8'));
      // THEN the same kinds and label, and no definitions
      expect(Object.keys(summary.kinds)).toEqual(set.kinds);
      expect(`Kubernetes ${summary.kubernetes} API (${summary.source})`).toBe(set.label);
      expect(Object.keys(summary).sort()).toEqual(['kinds', 'kubernetes', 'source']);
    }
  });

  test('ship the API of 1.33 and 1.36, extracted from the kubernetes-models release installed for each', () => {
    expect(schemaMinors()).toEqual(['1.33', '1.36']);
    for (const [minor, packageName] of Object.entries(API_SCHEMA_SOURCES)) {
      const schemas = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema/kubernetes', `${minor}.json`), 'utf8'));
      const installed = JSON.parse(fs.readFileSync(require.resolve(`${packageName}/package.json`), 'utf8')).version;
      // Stale after a package upgrade until `npm run generate` runs.
      expect(schemas.source).toBe(`kubernetes-models@${installed}`);
      expect(schemas.kubernetes).toBe(minor);
    }
  });

  test('each minor of the window is checked against the newest schema not newer than it (1.31 and 1.32: the oldest)', () => {
    expect(['1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'].map(schemaMinorFor)).toEqual(['1.33', '1.33', '1.33', '1.33', '1.33', '1.36', '1.36']);
  });

  test('a field of a later Kubernetes is unknown to an earlier one, with the version in the message', () => {
    // PodSpec.hostnameOverride arrived after 1.33.
    const object = deployment({ hostnameOverride: 'web-0' });
    expect(validateAgainstMinor(object, '1.35')).toEqual([
      { field: 'spec.template.spec.hostnameOverride', message: 'unknown field (not in the Kubernetes 1.33 API (kubernetes-models@4.5.1))' },
    ]);
    expect(validateAgainstMinor(object, '1.36')).toEqual([]);
  });

  test('a field added after 1.27 passes where the cluster\'s version has it (the 1.27 schemas no longer decide fields)', () => {
    // Pod-level resources (PodSpec.resources) arrived in 1.32.
    const object = deployment({ resources: { limits: { cpu: '1' } } });
    const entry = { file: '09-apps.yaml', object };
    expect(checkSchemas([entry])).toEqual([expect.objectContaining({ field: 'spec.template.spec.resources', message: 'unknown field (not in the Kubernetes 1.27 schema)' })]);
    expect(checkSchemas([entry], '1.35.4')).toEqual([]);
  });

  test('typos, wrong types and values outside an enumeration fail against the version\'s API', () => {
    const object = deployment({ restartPolicyy: 'Always', dnsPolicy: 'Sometimes', terminationGracePeriodSeconds: 'soon' });
    const errors = validateAgainstMinor(object, '1.36')!.map((error) => `${error.field}: ${error.message}`);
    expect(errors).toEqual(expect.arrayContaining([
      'spec.template.spec.restartPolicyy: unknown field (not in the Kubernetes 1.36 API (kubernetes-models@5.1.0))',
      expect.stringMatching(/^spec\.template\.spec\.dnsPolicy: must be equal to one of the allowed values .*ClusterFirst.* \(Kubernetes 1\.36 API/),
      'spec.template.spec.terminationGracePeriodSeconds: must be number (Kubernetes 1.36 API (kubernetes-models@5.1.0))',
    ]));
  });

  test('a kind the API does not have is left to the other checks', () => {
    expect(validateAgainstMinor({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } } as any, '1.36')).toBeUndefined();
  });
});

describe('CRD bounds against the integer format, from Kubernetes 1.36', () => {
  const { checkCrdBounds } = require('../../src/checks/crd-bounds');
  const { NetworkingChart } = require('../../src/charts/networking-chart');
  const { exampleCluster, newApp, synthObjects } = require('../helpers');

  test('a CRD like MetalLB v0.14\'s BGPPeer fails on 1.36 (ASN maximum 4294967295 with format int32) and passes on 1.35', () => {
    // GIVEN the ASN fields as MetalLB v0.14 declared them (metallb#3034)
    const asn = { type: 'integer', format: 'int32', maximum: 4294967295, minimum: 0 };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'bgppeers.metallb.io' },
      spec: { versions: [{ name: 'v1beta2', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { myASN: asn, peerASN: asn } } } } } }] },
    };
    const entries = [{ file: '01-networking.yaml', object: crd as any }];
    // WHEN / THEN
    expect(checkCrdBounds(entries, '1.35.4')).toEqual([]);
    const failures = checkCrdBounds(entries, '1.36.1');
    expect(failures.map((failure: any) => `${failure.entry.object.metadata.name}: ${failure.field}`)).toEqual([
      'bgppeers.metallb.io: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.myASN.maximum',
      'bgppeers.metallb.io: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.peerASN.maximum',
    ]);
    expect(failures[0].message).toBe(
      'Kubernetes 1.36 (spec.kubernetesVersion 1.36.1) rejects every object of this CRD: maximum 4294967295 does not fit format int32 (expected -2147483648 to 2147483647, or format int64)',
    );
  });

  test('names a bound under items, additionalProperties and anyOf by its whole path', () => {
    const wide = { type: 'integer', format: 'int32', minimum: -(2 ** 40) };
    const schema = {
      type: 'object',
      properties: {
        ports: { type: 'array', items: { type: 'object', properties: { port: wide } } },
        limits: { type: 'object', additionalProperties: wide },
        size: { anyOf: [{ type: 'string' }, wide] },
      },
    };
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.org' }, spec: { versions: [{ name: 'v1' }, { name: 'v2', schema: { openAPIV3Schema: schema } }] } };
    expect(checkCrdBounds([{ file: 'crds.yaml', object: crd }], '1.36.0').map((failure: any) => failure.field)).toEqual([
      'spec.versions[1].schema.openAPIV3Schema.properties.ports.items.properties.port.minimum',
      'spec.versions[1].schema.openAPIV3Schema.properties.limits.additionalProperties.minimum',
      'spec.versions[1].schema.openAPIV3Schema.properties.size.anyOf[1].minimum',
    ]);
  });

  test('keeps each CRD\'s findings by its content and the cluster\'s version', () => {
    const { crdBoundsCached, forgetCrdBounds } = require('../../src/checks/crd-bounds');
    forgetCrdBounds();
    const crd = (maximum: number) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.org' },
      spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { size: { type: 'integer', format: 'int32', maximum } } } } }] },
    });
    const messages = (maximum: number, version: string) => checkCrdBounds([{ file: 'crds.yaml', object: crd(maximum) }], version).map((failure: any) => `${failure.entry.file} ${failure.field}: ${failure.message}`);
    const first = messages(2 ** 32, '1.36.0');
    expect(first).toHaveLength(1);
    expect(crdBoundsCached()).toBe(1);
    // The same content again: the kept findings, for the new object.
    expect(messages(2 ** 32, '1.36.0')).toEqual(first);
    expect(crdBoundsCached()).toBe(1);
    // Another version's message names it; another bound is another CRD.
    expect(messages(2 ** 32, '1.37.1')[0]).toContain('spec.kubernetesVersion 1.37.1');
    expect(messages(2 ** 31 - 1, '1.36.0')).toEqual([]);
    expect(crdBoundsCached()).toBe(3);
    forgetCrdBounds();
    expect(crdBoundsCached()).toBe(0);
  });

  test('the MetalLB CRDs hanok ships pass on 1.36 (v0.16 declares the ASNs int64)', () => {
    const lab = exampleCluster('lab');
    const objects = synthObjects(new NetworkingChart(newApp(), 'networking', { network: lab.spec.network, networking: lab.spec.networking }));
    expect(checkCrdBounds(objects.map((object: any) => ({ file: '01-networking.yaml', object })), '1.36.1')).toEqual([]);
  });
});
