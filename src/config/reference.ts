import { z } from 'zod';
import { clusterFileSchema, ExtensionSettings } from './extension-schema';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  oneOf?: JsonSchema[];
};

export const SCHEMA_FILE = 'schema/cluster.schema.json';
export const BASE_SCHEMA_FILE = 'schema/cluster-base.schema.json';
export const REFERENCE_FILE = 'docs/configuration.md';

/**
 * The JSON Schema of cluster files, for editors (`# yaml-language-server: $schema=...`); with `extensions`, with
 * their sections under `spec.extensions`.
 */
export function clusterJsonSchema(extensions: readonly ExtensionSettings[] = []): string {
  const schema = z.toJSONSchema(clusterFileSchema(extensions), { io: 'input', target: 'draft-7' });
  return `${JSON.stringify({ $id: 'https://hanok.dev/schemas/cluster.schema.json', title: 'hanok Cluster', ...schema }, null, 2)}\n`;
}

/**
 * The JSON Schema of base files (`kind: ClusterBase`, see bases.ts): the cluster schema with every field of `spec`
 * optional, since a base holds any part of a cluster's settings. Unknown fields are still errors.
 */
export function clusterBaseJsonSchema(extensions: readonly ExtensionSettings[] = []): string {
  const schema = z.toJSONSchema(clusterFileSchema(extensions), { io: 'input', target: 'draft-7' }) as JsonSchema & Record<string, unknown>;
  const withoutRequired = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(withoutRequired);
    } else if (node && typeof node === 'object') {
      delete (node as JsonSchema).required;
      Object.values(node).forEach(withoutRequired);
    }
  };
  const properties = schema.properties!;
  withoutRequired(properties.spec);
  properties.kind = { type: 'string', const: 'ClusterBase' };
  properties.metadata.properties!.name.description = 'Name of the base, for messages and reviewers.';
  return `${JSON.stringify({ $id: 'https://hanok.dev/schemas/cluster-base.schema.json', ...schema, title: 'hanok ClusterBase', description: 'Settings shared by cluster files that name this file in spec.bases.' }, null, 2)}\n`;
}

/** The configuration reference in Markdown, generated from the same schema. */
export function configReference(): string {
  const schema = JSON.parse(clusterJsonSchema()) as JsonSchema;
  const rows: string[] = [];
  const visit = (node: JsonSchema, path: string, required: boolean) => {
    if (path) {
      rows.push(`| \`${path}\` | ${typeOf(node)} | ${required && node.default === undefined ? 'yes' : ''} | ${node.default !== undefined ? `\`${JSON.stringify(node.default)}\`` : ''} | ${escape(node.description ?? '')} |`);
    }
    const objectNode = node.type === 'array' && node.items?.properties ? node.items : node;
    for (const [name, child] of Object.entries(objectNode.properties ?? {})) {
      const parent = node.type === 'array' ? `${path}[]` : path;
      visit(child, parent ? `${parent}.${name}` : name, (objectNode.required ?? []).includes(name));
    }
    // A discriminated union (such as spec.openmcp by role): each variant's fields, marked with its discriminator.
    for (const variant of node.oneOf ?? []) {
      const discriminator = Object.entries(variant.properties ?? {}).find(([, child]) => child.const !== undefined);
      const marker = discriminator ? `(${discriminator[0]}: ${String(discriminator[1].const)}) ` : '';
      for (const [name, child] of Object.entries(variant.properties ?? {})) {
        const row = { ...child, description: `${marker}${child.description ?? ''}` };
        visit(row, `${path}.${name}`, (variant.required ?? []).includes(name));
      }
    }
  };
  visit(schema, '', true);
  return [
    '# Cluster configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run generate`; a test fails when it is stale. -->',
    '',
    'One file per cluster in `clusters/<name>.yaml`. Unknown fields are errors. A default that depends on other',
    'fields starts with "-" and says what happens.',
    '',
    '| field | type | required | default | description |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function typeOf(node: JsonSchema): string {
  if (node.oneOf) return node.oneOf.every((variant) => variant.type === 'object') ? 'object (one of its forms)' : 'one of several types';
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  if (node.type === 'object' && !node.properties && node.additionalProperties) return 'map of string';
  const bounds = node.minimum !== undefined ? ` ${node.minimum}–${node.maximum}` : '';
  return `${Array.isArray(node.type) ? node.type.join(' or ') : node.type ?? 'any'}${bounds}`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
