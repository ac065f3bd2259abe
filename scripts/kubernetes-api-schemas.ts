import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Extracts the structure of the official Kubernetes API of one minor from a `kubernetes-models` release: its
 * TypeScript declarations are generated from Kubernetes' OpenAPI document and name every field of every type, which
 * fields are required, and the allowed values of enumerations. (The package's validators cannot be used for a strict
 * check: they accept unknown fields, and 5.x is an ES module that Node 20's require and jest cannot load.) The
 * result is a JSON Schema per kind whose objects reject undeclared fields, written to schema/kubernetes/<minor>.json
 * by `npm run generate` and read by src/checks/versioned-schemas.ts.
 */

type JsonSchema = Record<string, unknown>;

export interface KubernetesApiSchemas {
  /** Where the declarations came from, e.g. `kubernetes-models@5.1.0`. */
  readonly source: string;
  /** The Kubernetes minor the package carries. */
  readonly kubernetes: string;
  /** `apiVersion/Kind` → definition name. */
  readonly kinds: Record<string, string>;
  readonly definitions: Record<string, JsonSchema>;
}

/** The packages the schemas come from, by minor (devDependencies, installed under npm aliases). */
export const API_SCHEMA_SOURCES: Record<string, string> = {
  '1.33': 'kubernetes-models-1.33',
  '1.36': 'kubernetes-models-1.36',
};

function declarationFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '_schemas') walk(full);
      } else if (entry.name.endsWith('.d.ts') && !entry.name.startsWith('index')) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files;
}

const ref = (name: string) => ({ $ref: `#/definitions/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` });

export function extractApiSchemas(packageName: string, minor: string, resolveFrom = __dirname): KubernetesApiSchemas {
  const packageJson = require.resolve(`${packageName}/package.json`, { paths: [resolveFrom] });
  const root = path.dirname(fs.realpathSync(packageJson));
  const version = JSON.parse(fs.readFileSync(packageJson, 'utf8')).version as string;
  const files = declarationFiles(root);
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Node10, types: [] });
  const checker = program.getTypeChecker();
  const definitions: Record<string, JsonSchema> = {};
  const kinds: Record<string, string> = {};

  /** A declared type's name: its file below the package (or apimachinery), e.g. `apps/v1/DeploymentSpec`. */
  const nameOf = (type: ts.Type): string | undefined => {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.getName() === '__type' || symbol.getName() === '__object') return undefined;
    const file = symbol.declarations?.[0]?.getSourceFile().fileName;
    if (!file) return undefined;
    const real = fs.realpathSync(file);
    const apimachinery = `${path.sep}@kubernetes-models${path.sep}apimachinery${path.sep}`;
    const relative = real.includes(apimachinery) ? `apimachinery/${real.split(apimachinery).pop()}` : path.relative(root, real);
    return relative.replace(/\.d\.ts$/, '').split(path.sep).join('/');
  };

  const objectSchema = (type: ts.Type): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      properties[property.getName()] = convert(checker.getTypeOfSymbolAtLocation(property, declaration!));
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.getName());
    }
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
  };

  const convert = (type: ts.Type): JsonSchema => {
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.isStringLiteral()) return { const: type.value };
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.isUnion()) {
      const parts = type.types.filter((part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (parts.every((part) => part.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
      if (parts.every((part) => part.isStringLiteral())) return { enum: parts.map((part) => (part as ts.StringLiteralType).value).sort() };
      const converted = parts.map(convert);
      return converted.length === 1 ? converted[0] : { anyOf: converted };
    }
    if (checker.isArrayType(type)) return { type: 'array', items: convert(checker.getTypeArguments(type as ts.TypeReference)[0]) };
    if (type.flags & ts.TypeFlags.Object) {
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index && checker.getPropertiesOfType(type).length === 0) return { type: 'object', additionalProperties: convert(index.type) };
      // Types the OpenAPI document leaves open (JSON, JSONSchemaPropsOrArray, RawExtension, FieldsV1) are
      // declared as interfaces without fields: any value.
      if (checker.getPropertiesOfType(type).length === 0) return {};
      const name = nameOf(type);
      if (!name) return objectSchema(type);
      if (!(name in definitions)) {
        definitions[name] = {};
        definitions[name] = objectSchema(type);
      }
      return ref(name);
    }
    throw new Error(`${packageName}: no JSON Schema for the type ${checker.typeToString(type)}`);
  };

  for (const file of files) {
    const kind = path.basename(file, '.d.ts');
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    const declared = module && checker.getExportsOfModule(module).find((symbol) => symbol.getName() === `I${kind}`);
    if (!declared) continue;
    const type = checker.getDeclaredTypeOfSymbol(declared);
    const apiVersion = checker.getPropertyOfType(type, 'apiVersion');
    if (!apiVersion || !checker.getPropertyOfType(type, 'kind')) continue;
    const apiVersionType = checker.getTypeOfSymbolAtLocation(apiVersion, apiVersion.valueDeclaration!);
    if (!apiVersionType.isStringLiteral()) continue;
    const name = nameOf(type)!;
    definitions[name] = objectSchema(type);
    kinds[`${apiVersionType.value}/${kind}`] = name;
  }
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { source: `kubernetes-models@${version}`, kubernetes: minor, kinds: sorted(kinds), definitions: sorted(definitions) };
}

export const API_SCHEMA_DIR = path.resolve(__dirname, '..', 'schema', 'kubernetes');

/** Writes schema/kubernetes/<minor>.json for every source. */
export function writeApiSchemas(): string[] {
  fs.mkdirSync(API_SCHEMA_DIR, { recursive: true });
  return Object.entries(API_SCHEMA_SOURCES).map(([minor, packageName]) => {
    const file = path.join(API_SCHEMA_DIR, `${minor}.json`);
    fs.writeFileSync(file, `${JSON.stringify(extractApiSchemas(packageName, minor))}\n`);
    return file;
  });
}
