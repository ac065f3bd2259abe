import { checkSchemas } from '../../src/checks/schema-check';
import { strictify } from '../../src/checks/kubernetes-schemas';
import { baseline, entriesOf, LABELS, pick, widgetCrd } from './fixtures';

function failuresOf(objects: any[]): string[] {
  return checkSchemas(entriesOf(objects)).map((failure) => `${failure.entry.object.kind}: ${failure.field}: ${failure.message}`);
}

const WIDGET_CRD = widgetCrd(
  { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
  'A widget, with the description fields every generated CRD has.',
);

describe('schema check', () => {
  test('accepts valid Kubernetes 1.27 objects', () => {
    expect(failuresOf(baseline())).toEqual([]);
  });

  test('fails on unknown fields, strictly, at any depth', () => {
    const objects = baseline();
    pick(objects, 'Deployment').spec.template.spec.containers[0].imagePullPolicyy = 'IfNotPresent';
    pick(objects, 'Service').spec.selectors = {};
    expect(failuresOf(objects)).toEqual([
      'Deployment: spec.template.spec.containers[0].imagePullPolicyy: unknown field (not in the Kubernetes 1.27 schema)',
      'Service: spec.selectors: unknown field (not in the Kubernetes 1.27 schema)',
    ]);
  });

  test('fails on wrong types and missing required fields', () => {
    const objects = baseline();
    pick(objects, 'Deployment').spec.template.spec.containers[0].ports[0].containerPort = '8080';
    delete pick(objects, 'Deployment').spec.selector;
    const failures = failuresOf(objects);
    expect(failures).toContain('Deployment: spec.selector: required field is missing');
    expect(failures).toContain('Deployment: spec.template.spec.containers[0].ports[0].containerPort: must be integer');
  });

  test('accepts the fields kubernetes-models leaves out of its schemas', () => {
    const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p', labels: LABELS }, value: 1000, description: 'for tests' };
    expect(failuresOf([priorityClass, WIDGET_CRD])).toEqual([]);
  });

  test('fails on a kind Kubernetes 1.27 does not have', () => {
    expect(failuresOf([{ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo' } }])).toEqual([
      'Widget: apiVersion: Kubernetes 1.27 has no API version example.org/v1, and no CustomResourceDefinition in the output defines it',
    ]);
  });

  test('validates custom resources against the CRD in the output, strictly', () => {
    const widget = (spec: object) => ({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo' }, spec });
    expect(failuresOf([WIDGET_CRD, widget({ size: 2, extra: { anything: true } })])).toEqual([]);
    expect(failuresOf([WIDGET_CRD, widget({ size: 0, colour: 'red' })])).toEqual([
      'Widget: spec.colour: unknown field (not in the Kubernetes 1.27 schema)',
      'Widget: spec.size: must be >= 1',
    ]);
  });

  test('strictify keeps preserve-unknown-fields objects open and drops nullable alternatives', () => {
    expect(strictify({ type: 'object', properties: { a: { oneOf: [{ $ref: 'x#' }, { type: 'null' }] } } })).toEqual({
      type: 'object',
      properties: { a: { $ref: 'x#' } },
      additionalProperties: false,
    });
    expect(strictify({ type: 'object', properties: {}, 'x-kubernetes-preserve-unknown-fields': true })).not.toHaveProperty('additionalProperties');
  });
});
