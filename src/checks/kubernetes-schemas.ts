import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { apiGroupOf, KubeObject, pointerToPath } from './manifest';

/**
 * Strict JSON Schema validation of Kubernetes objects against the official Kubernetes 1.27 OpenAPI schemas, as
 * packaged offline by kubernetes-models@4.3.1 (pinned exactly: its schemas are the 1.27 API).
 *
 * The package validates leniently (unknown fields pass) and keeps its schemas inside its own Ajv instance. Its
 * generated schema modules hand each schema to `register()` of @kubernetes-models/validate; we collect them there
 * and compile strict variants in which every object with declared properties rejects undeclared ones, as
 * `kubeconform -strict` does.
 */

type JsonSchema = { [keyword: string]: unknown };

interface Registry {
  register(id: string, schema: object): void;
}

const modelsRoot = path.dirname(require.resolve('kubernetes-models/package.json'));
const modelsRegistry: Registry = require(require.resolve('@kubernetes-models/validate', { paths: [modelsRoot] }));

export interface SchemaError {
  /** Dotted path of the offending field inside the object. */
  readonly field: string;
  readonly message: string;
}

/** Thrown for an apiVersion/kind pair that has no schema in Kubernetes 1.27. */
export class UnknownKindError extends Error {}

export class KubernetesSchemas {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('int-or-string', true);
    this.ajv.addFormat('quantity', /^[+-]?(\d+|\d+\.\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/);
    this.ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    for (const keyword of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
      'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations',
      'x-kubernetes-group-version-kind', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-unions']) {
      this.ajv.addKeyword(keyword);
    }
  }

  /** Validates a built-in object. Throws UnknownKindError when Kubernetes 1.27 has no such apiVersion and kind. */
  public validate(object: KubeObject): SchemaError[] {
    const validator = this.validatorFor(object.apiVersion, object.kind);
    return validator(object) ? [] : describeErrors(validator.errors ?? []);
  }

  /** Validates a custom resource against the `openAPIV3Schema` of its CRD version. */
  public validateCustom(object: KubeObject, openApiSchema: JsonSchema, cacheKey: string): SchemaError[] {
    let validator = this.validators.get(cacheKey);
    if (!validator) {
      validator = this.ajv.compile(strictify(openApiSchema));
      this.validators.set(cacheKey, validator);
    }
    return validator(object) ? [] : describeErrors(validator.errors ?? []);
  }

  private validatorFor(apiVersion: string, kind: string): ValidateFunction {
    const key = `${apiVersion}/${kind}`;
    const cached = this.validators.get(key);
    if (cached) {
      return cached;
    }
    const { id, addSchema } = findModelSchema(apiVersion, kind);
    const collected: Array<[string, object]> = [];
    const libraryRegister = modelsRegistry.register;
    modelsRegistry.register = (schemaId: string, schema: object) => collected.push([schemaId, schema]);
    try {
      addSchema();
    } finally {
      modelsRegistry.register = libraryRegister;
    }
    for (const [schemaId, schema] of collected) {
      if (!this.ajv.getSchema(schemaId)) {
        this.ajv.addSchema(strictify(withKubernetesExtensions(schemaId, schema as JsonSchema)), schemaId);
      }
    }
    const validator = this.ajv.getSchema(id);
    if (!validator) {
      throw new Error(`kubernetes-models registered no schema '${id}' for ${key}`);
    }
    this.validators.set(key, validator);
    return validator;
  }
}

function findModelSchema(apiVersion: string, kind: string): { id: string; addSchema: () => void } {
  const group = apiGroupOf(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  let models: Record<string, unknown>;
  try {
    models = require(`kubernetes-models/${group ? `${group}/` : ''}${version}`);
  } catch {
    throw new UnknownKindError(`Kubernetes 1.27 has no API version ${apiVersion}`);
  }
  const model = models[kind];
  if (typeof model !== 'function') {
    throw new UnknownKindError(`Kubernetes 1.27 has no kind ${kind} in ${apiVersion}`);
  }
  // The model class keeps its schema id and registration function under module-private symbols.
  const prototype = model.prototype as Record<symbol, unknown>;
  const symbols = Object.getOwnPropertySymbols(prototype);
  const byName = (name: string) => prototype[symbols.find((symbol) => symbol.description === name)!];
  return { id: byName('SCHEMA_ID') as string, addSchema: byName('ADD_SCHEMA') as () => void };
}

const JSON_SCHEMA_PROPS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';

/**
 * kubernetes-models leaves the `x-kubernetes-*` fields out of its JSONSchemaProps schema (they are not valid
 * TypeScript identifiers); the 1.27 API has them, and every structural CRD schema uses them.
 */
function withKubernetesExtensions(id: string, schema: JsonSchema): JsonSchema {
  if (id !== JSON_SCHEMA_PROPS) {
    return schema;
  }
  return {
    ...schema,
    properties: {
      ...(schema.properties as JsonSchema),
      'x-kubernetes-embedded-resource': { type: 'boolean' },
      'x-kubernetes-int-or-string': { type: 'boolean' },
      'x-kubernetes-list-map-keys': { type: 'array', items: { type: 'string' } },
      'x-kubernetes-list-type': { type: 'string', enum: ['atomic', 'set', 'map'] },
      'x-kubernetes-map-type': { type: 'string', enum: ['granular', 'atomic'] },
      'x-kubernetes-preserve-unknown-fields': { type: 'boolean' },
      'x-kubernetes-validations': { type: 'array', items: { $ref: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule#' } },
    },
  };
}

/**
 * Makes a schema strict: objects with declared properties reject others (unless the schema preserves unknown
 * fields), and the `oneOf: [X, {type: null}]` form of optional references becomes X, since synthesized objects
 * never hold nulls and the alternative only muddles error messages.
 */
export function strictify(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema)) {
    return schema.map((item) => strictify(item)) as unknown as JsonSchema;
  }
  if (!schema || typeof schema !== 'object') {
    return schema;
  }
  const oneOf = schema.oneOf as JsonSchema[] | undefined;
  if (Array.isArray(oneOf) && oneOf.length === 2 && oneOf.some((option) => option.type === 'null')) {
    return strictify(oneOf.find((option) => option.type !== 'null')!);
  }
  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties' || keyword === 'definitions' || keyword === '$defs' || keyword === 'patternProperties') {
      result[keyword] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, sub]) => [name, strictify(sub as JsonSchema)]));
    } else if (keyword === 'enum' || keyword === 'required' || keyword === 'default' || keyword === 'example') {
      result[keyword] = value;
    } else {
      result[keyword] = strictify(value as JsonSchema);
    }
  }
  if (result.properties && result.additionalProperties === undefined && result['x-kubernetes-preserve-unknown-fields'] !== true) {
    result.additionalProperties = false;
  }
  return result;
}

function describeErrors(errors: ErrorObject[]): SchemaError[] {
  const seen = new Set<string>();
  const result: SchemaError[] = [];
  for (const error of errors) {
    const field = pointerToPath(error.instancePath);
    let described: SchemaError;
    if (error.keyword === 'additionalProperties') {
      const property = (error.params as { additionalProperty: string }).additionalProperty;
      described = { field: field ? `${field}.${property}` : property, message: 'unknown field (not in the Kubernetes 1.27 schema)' };
    } else if (error.keyword === 'required') {
      const property = (error.params as { missingProperty: string }).missingProperty;
      described = { field: field ? `${field}.${property}` : property, message: 'required field is missing' };
    } else {
      described = { field: field || '(object)', message: `${error.message ?? 'is invalid'}${error.keyword === 'enum' ? ` (${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)})` : ''}` };
    }
    const key = `${described.field}\u0000${described.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(described);
    }
  }
  return result;
}
