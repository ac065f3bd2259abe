import { z } from 'zod';
import { ClusterConfigSchema, ClusterSpec } from './schema';

/** What the configuration needs to know of an extension: its name and the schema of its section. */
export interface ExtensionSettings {
  /** The key of the extension's section under `spec.extensions`. */
  readonly name: string;
  /** The section's schema; objects in it are strict, so unknown keys are errors like everywhere else. */
  readonly settings: z.ZodType;
  /** Shown in the JSON Schema and the editor. @default - none */
  readonly description?: string;
}

/** The cluster file schema: hanok's own, with `spec.extensions` holding one optional section per extension. */
export type ClusterFileSchema = typeof ClusterConfigSchema;

const cache = new WeakMap<readonly ExtensionSettings[], ClusterFileSchema>();

/**
 * The schema cluster files are validated against when hanok runs with `extensions`: `spec.extensions.<name>` is
 * the extension's own schema, and any other name is an unknown field. Without extensions, hanok's own schema.
 */
export function clusterFileSchema(extensions: readonly ExtensionSettings[] = []): ClusterFileSchema {
  if (extensions.length === 0) {
    return ClusterConfigSchema;
  }
  const cached = cache.get(extensions);
  if (cached) {
    return cached;
  }
  const sections = Object.fromEntries(
    extensions.map((extension) => [
      extension.name,
      extension.settings.optional().describe(`${extension.description ?? `Settings of the extension ${extension.name}.`} - the extension builds nothing for this cluster.`),
    ]),
  );
  const extensionsField = ClusterSpec.shape.extensions;
  const schema = ClusterConfigSchema.extend({
    spec: ClusterSpec.extend({ extensions: z.strictObject(sections).default({}).describe(extensionsField.description ?? '') }),
  }) as unknown as ClusterFileSchema;
  cache.set(extensions, schema);
  return schema;
}
