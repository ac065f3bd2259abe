import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { z } from 'zod';
import { Platform } from '../charts/platform';
import { Cluster } from '../config/cluster';

/** hanok's own layers, by the names of their charts (and of their manifest files). */
export const LAYER_NAMES = ['networking', 'storage', 'ingress', 'registry', 'metrics', 'openfx', 'openmcp', 'smoke-tests'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** What an extension's charts are built from, for one cluster. */
export interface ExtensionContext<Settings> {
  /** The cluster, resolved and frozen: every default decided. */
  readonly cluster: Cluster;
  /** hanok's layers for the cluster: `platform.frontend` to publish a host, `platform.registry` to pull from, ... */
  readonly platform: Platform;
  /** The extension's section of the cluster file (`spec.extensions.<name>`), parsed by its schema. */
  readonly settings: Settings;
}

/** A set of charts a user adds beside hanok's layers; made with defineExtension. */
export interface HanokExtension<Settings = unknown> {
  /** A DNS label: the key of its section under `spec.extensions`, and how `after` of other extensions names it. */
  readonly name: string;
  /** Shown in the JSON Schema. @default - none */
  readonly description?: string;
  /** Schema of its section: a strict object (unknown keys are errors). */
  readonly settings: z.ZodType<Settings>;
  /** Layers (or other extensions) whose charts are applied before its charts. */
  readonly after: readonly string[];
  /** Builds its charts in `scope`, for a cluster whose file has its section. Each chart extends HanokChart. */
  charts(scope: Construct, context: ExtensionContext<Settings>): Chart | readonly Chart[];
}

export interface ExtensionDefinition<Schema extends z.ZodObject> {
  /** A DNS label that is not the name of a layer: the key of its section under `spec.extensions`. */
  readonly name: string;
  /** Shown in the JSON Schema and by editors. @default - "Settings of the extension <name>." */
  readonly description?: string;
  /**
   * Schema of the extension's section of the cluster file. Made strict: unknown keys are errors, reported with the
   * file and field path like every other configuration problem. Nested objects must be `z.strictObject`.
   * @default - an empty section: `spec.extensions.<name>: {}` turns it on
   */
  readonly settings?: Schema;
  /**
   * hanok's layers (`networking` ... `smoke-tests`) or other extensions whose charts are applied before this one's,
   * when the cluster has them. Every chart already comes after `networking` (pods need the CNI).
   * @default []
   */
  readonly after?: ReadonlyArray<LayerName | (string & {})>;
  /**
   * Builds the extension's charts in `scope` for one cluster: only for clusters whose file has the section
   * `spec.extensions.<name>`. Each chart must extend HanokChart, so labels, namespaces and Pod Security work as in
   * hanok's layers; its id names its manifest file.
   */
  charts(scope: Construct, context: ExtensionContext<z.output<Schema>>): Chart | readonly Chart[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Declares an extension: charts of the user's own, built beside hanok's layers and put through everything they go
 * through (ordering, patches, schema, link and policy checks, image mapping, secrets.example, node files, summary).
 */
export function defineExtension<Schema extends z.ZodObject = z.ZodObject<{}>>(definition: ExtensionDefinition<Schema>): HanokExtension<z.output<Schema>> {
  const { name } = definition;
  if (!DNS_LABEL.test(name)) {
    throw new Error(`defineExtension: 'name' must be a DNS label (got ${JSON.stringify(name)}, expected lowercase letters, digits and '-', at most 63)`);
  }
  if ((LAYER_NAMES as readonly string[]).includes(name) || name === 'nodes') {
    throw new Error(`defineExtension: 'name' ${JSON.stringify(name)} is the name of a hanok layer (expected another name)`);
  }
  const settings = (definition.settings ?? z.object({})).strict();
  const loose = looseObjectsIn(settings, []);
  if (loose.length > 0) {
    throw new Error(`defineExtension(${name}): 'settings' ${loose.join(', ')} must be z.strictObject, so unknown keys are errors (got z.object)`);
  }
  return {
    name,
    description: definition.description,
    settings: settings as unknown as z.ZodType<z.output<Schema>>,
    after: [...(definition.after ?? [])],
    charts: (scope, context) => definition.charts(scope, context),
  };
}

/** Paths of the objects nested in a schema that let unknown keys through. */
function looseObjectsIn(schema: z.core.$ZodType, path: readonly string[]): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  switch (def.type) {
    case 'object': {
      const here = path.length > 0 && def.catchall === undefined ? [path.join('.')] : [];
      return [...here, ...Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([key, child]) => looseObjectsIn(child, [...path, key]))];
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
      return looseObjectsIn(def.innerType as z.core.$ZodType, path);
    case 'array':
      return looseObjectsIn(def.element as z.core.$ZodType, [...path, '[]']);
    case 'record':
      return looseObjectsIn(def.valueType as z.core.$ZodType, [...path, '*']);
    default:
      return [];
  }
}
