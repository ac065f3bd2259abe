import { listPackageFolder, readPackageFile } from '../assets/package-files';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { minorNumber } from '../versions/kubernetes-releases';
import { pointerToPath } from './manifest';
import { KubeObject } from '../kube/objects';

/**
 * The version-matched structural check: every built-in object against the API of the cluster's Kubernetes
 * minor, strictly (a field the API does not have is an error, as `kubectl apply --validate=strict` reports it).
 * The schemas are schema/kubernetes/<minor>.json, extracted by `npm run generate` from the `kubernetes-models`
 * release that carries that minor (scripts/kubernetes-api-schemas.ts): 1.33 from 4.5.1 and 1.36 from 5.1.0.
 * A cluster is checked against the newest of them not newer than its minor (1.34 and 1.35 against 1.33, so no
 * field they lack passes), and 1.31 and 1.32, older than every set, against 1.33.
 */

interface ApiSchemas {
  readonly source: string;
  readonly kubernetes: string;
  readonly kinds: Record<string, string>;
  readonly definitions: Record<string, object>;
}

export interface VersionedSchemaError {
  readonly field: string;
  readonly message: string;
}

/** The package folder of the API schemas (embedded in the single executable). */
const SCHEMA_FOLDER = 'schema/kubernetes';

/** The schema minors shipped, oldest first. */
export function schemaMinors(): string[] {
  const files = listPackageFolder(SCHEMA_FOLDER);
  if (!files) throw new Error(`${SCHEMA_FOLDER}/ is missing from hanok's package`);
  return files
    .filter((file) => /^\d+\.\d+\.json$/.test(file))
    .map((file) => file.replace(/\.json$/, ''))
    .sort((a, b) => minorNumber(a) - minorNumber(b));
}

/** The schema minor a Kubernetes minor is checked against. */
export function schemaMinorFor(minor: string): string {
  const minors = schemaMinors();
  return [...minors].reverse().find((candidate) => minorNumber(candidate) <= minorNumber(minor)) ?? minors[0];
}

class SchemaSet {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemas: ApiSchemas;

  constructor(minor: string) {
    this.schemas = JSON.parse(readPackageFile(`${SCHEMA_FOLDER}/${minor}.json`).toString('utf8')) as ApiSchemas;
    this.ajv.addSchema({ $id: 'api', definitions: this.schemas.definitions });
  }

  public get label(): string {
    return `Kubernetes ${this.schemas.kubernetes} API (${this.schemas.source})`;
  }

  public validator(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    const name = this.schemas.kinds[key];
    if (name === undefined) return undefined;
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.getSchema(`api#/definitions/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`)!;
      this.validators.set(key, validator);
    }
    return validator;
  }
}

const sets = new Map<string, SchemaSet>();

function schemaSet(minor: string): SchemaSet {
  const schemaMinor = schemaMinorFor(minor);
  let set = sets.get(schemaMinor);
  if (!set) {
    set = new SchemaSet(schemaMinor);
    sets.set(schemaMinor, set);
  }
  return set;
}

/**
 * Validates a built-in object against the API of `minor`. Returns undefined when that API has no such apiVersion
 * and kind (a custom resource, or a kind of another version).
 */
export function validateAgainstMinor(object: KubeObject, minor: string): VersionedSchemaError[] | undefined {
  const set = schemaSet(minor);
  const validator = set.validator(object.apiVersion, object.kind);
  if (!validator) return undefined;
  return validator(object) ? [] : describe(validator.errors ?? [], set.label);
}

/** The label of the schemas `minor` is checked against, for messages. */
export function schemaLabel(minor: string): string {
  return schemaSet(minor).label;
}

function describe(errors: ErrorObject[], label: string): VersionedSchemaError[] {
  const result = new Map<string, VersionedSchemaError>();
  for (const error of errors) {
    const field = pointerToPath(error.instancePath);
    let described: VersionedSchemaError;
    if (error.keyword === 'additionalProperties') {
      const property = (error.params as { additionalProperty: string }).additionalProperty;
      described = { field: field ? `${field}.${property}` : property, message: `unknown field (not in the ${label})` };
    } else if (error.keyword === 'required') {
      const property = (error.params as { missingProperty: string }).missingProperty;
      described = { field: field ? `${field}.${property}` : property, message: `required field is missing (${label})` };
    } else if (error.keyword === 'anyOf') {
      continue;
    } else {
      const allowed = error.keyword === 'enum' ? ` (${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)})` : '';
      described = { field: field || '(object)', message: `${error.message ?? 'is invalid'}${allowed} (${label})` };
    }
    result.set(`${described.field}\u0000${described.message}`, described);
  }
  return [...result.values()];
}
