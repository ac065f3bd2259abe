import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { checkDocumentLimits } from './document-limits';
import { DnsLabel } from './fields';
import { ConfigProblem, FieldPath } from './problems';
import { CLUSTER_API_VERSION } from './schema';
import { lineLocator } from './source-lines';
import { DELETED, isMap, keyOf, Layer, merge, withoutBases } from './base-merge';

/**
 * Shared bases for cluster files, in the manner of kustomize's bases. A cluster file names them in `spec.bases`
 * (paths relative to the file); each base is a `kind: ClusterBase` file whose `spec` holds any part of a cluster's
 * spec, and may name bases of its own. The specs are merged lowest first (a base's own bases, then the base, in
 * the order listed, and the cluster file last), with these rules:
 *
 * - maps merge key by key, and a value written later replaces one written earlier;
 * - an explicit `null` removes what the layers below wrote;
 * - lists are replaced, except the keyed lists below, whose items merge by key (an item with `$patch: delete`
 *   removes the item of that key), and `spec.patches`, whose items are appended.
 *
 * Validation runs on the merged spec. Every value remembers the file and field it was written at, so every problem
 * names the file and line of the value it is about, in a base or in the cluster file.
 */

export const BASE_KIND = 'ClusterBase';

/** A base chain is never this deep in practice; deeper means a mistake. */
const MAX_DEPTH = 16;

/** Reads a configuration file's text, or says why it cannot be used. */
export type ReadConfigFile = (file: string) => { text: string } | string;

/** Where a value of the merged document was written. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

export interface LayeredDocument {
  /** The cluster document with the merged spec (without `spec.bases`). */
  readonly document: unknown;
  /** Every base file that was merged, in merge order. */
  readonly baseFiles: readonly string[];
  /** The file and line a field path of the merged document was written at (the nearest written parent if none). */
  locate(fieldPath: FieldPath): SourceLocation;
  readonly problems: readonly ConfigProblem[];
}

/** Merges a cluster document with the bases it names. Never throws for bad input: problems are returned. */
export function resolveBases(file: string, text: string, document: unknown, read: ReadConfigFile): LayeredDocument {
  const problems: ConfigProblem[] = [];
  const layers: Layer[] = [];
  const root: Layer = { file, text, document: isMap(document) ? document : {} };
  collectLayers(root, [], read, layers, problems);
  const locators = new Map<string, ReturnType<typeof lineLocator>>();
  const lineOf = (layer: Layer, fieldPath: FieldPath) => {
    let locate = locators.get(layer.file);
    if (!locate) {
      locate = lineLocator(layer.text);
      locators.set(layer.file, locate);
    }
    return locate(fieldPath);
  };
  if (layers.length === 1 || !isMap(document)) {
    return { document: withoutBases(document), baseFiles: [], problems, locate: (fieldPath) => ({ file, line: lineOf(root, fieldPath) }) };
  }
  const origins = new Map<string, { layer: Layer; path: FieldPath }>();
  let spec: unknown = {};
  for (const layer of layers) {
    const layerSpec = layer.document.spec;
    if (layerSpec !== undefined) {
      spec = merge(spec, withoutBases(layerSpec, true), { layer, origins, mergedPath: ['spec'], layerPath: ['spec'] });
    }
  }
  const merged = { ...document, spec: spec === DELETED ? {} : spec };
  return {
    document: merged,
    baseFiles: layers.slice(0, -1).map((layer) => layer.file),
    problems,
    locate: (fieldPath) => {
      for (let length = fieldPath.length; length > 0; length--) {
        const origin = origins.get(keyOf(fieldPath.slice(0, length)));
        if (origin) {
          return { file: origin.layer.file, line: lineOf(origin.layer, [...origin.path, ...fieldPath.slice(length)]) };
        }
      }
      return { file, line: lineOf(root, fieldPath) };
    },
  };
}

/** Depth first: a layer's bases, in the order listed, then the layer itself. */
function collectLayers(layer: Layer, chain: readonly string[], read: ReadConfigFile, layers: Layer[], problems: ConfigProblem[]): void {
  const spec = layer.document.spec;
  const bases = isMap(spec) ? spec.bases : undefined;
  if (bases !== undefined) {
    const locate = lineLocator(layer.text);
    const problem = (fieldPath: FieldPath, message: string, expected?: string, got?: unknown) =>
      problems.push({ file: layer.file, path: fieldPath, line: locate(fieldPath), message, ...(expected ? { expected } : {}), ...(got !== undefined ? { got } : {}) });
    if (!Array.isArray(bases)) {
      problem(['spec', 'bases'], 'wrong type', 'a list of base file paths, relative to this file', bases);
    } else {
      bases.forEach((entry, index) => {
        const fieldPath = ['spec', 'bases', index];
        if (typeof entry !== 'string' || entry.length === 0 || entry.length > 1024) {
          problem(fieldPath, 'not a base file path', 'a path such as ../bases/site-defaults.yaml, relative to this file', entry);
          return;
        }
        const baseFile = path.join(path.dirname(layer.file), entry);
        const identity = realPath(baseFile);
        if (chain.includes(identity) || identity === realPath(layer.file)) {
          problem(fieldPath, `bases form a cycle: ${[...chain, realPath(layer.file), identity].map((item) => path.relative(process.cwd(), item) || item).join(' -> ')}`, 'bases that never name a file that names them', entry);
          return;
        }
        if (chain.length >= MAX_DEPTH) {
          problem(fieldPath, `bases nested more than ${MAX_DEPTH} deep`, 'a shorter chain of bases', entry);
          return;
        }
        const base = loadBase(baseFile, read, problems);
        if (typeof base === 'string') {
          problem(fieldPath, `base file ${baseFile} ${base}`, 'a path relative to this file', entry);
        } else if (base) {
          collectLayers(base, [...chain, realPath(layer.file)], read, layers, problems);
        }
      });
    }
  }
  layers.push(layer);
}

/**
 * Reads and checks one base file: a `kind: ClusterBase` document of this format version with a map `spec`. Returns
 * why it cannot be read (reported where it is named), or undefined when its problems were reported in it.
 */
function loadBase(file: string, read: ReadConfigFile, problems: ConfigProblem[]): Layer | string | undefined {
  if (!fs.existsSync(file) && !isSymbolicLink(file)) {
    return 'not found';
  }
  const result = read(file);
  if (typeof result === 'string') {
    return result;
  }
  let document: unknown;
  try {
    document = yaml.load(result.text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      problems.push({ file, path: [], line: error.mark ? error.mark.line + 1 : undefined, message: `YAML syntax error: ${error.reason}` });
      return undefined;
    }
    if (error instanceof RangeError) {
      problems.push({ file, path: [], message: 'YAML nested too deeply to read', expected: 'the structure of a cluster base' });
      return undefined;
    }
    throw error;
  }
  const limits = checkDocumentLimits(document);
  if (limits.length > 0) {
    problems.push(...limits.map((violation) => ({ file, ...violation })));
    return undefined;
  }
  const locate = lineLocator(result.text);
  const problem = (fieldPath: FieldPath, message: string, expected: string, got?: { value: unknown }) =>
    problems.push({ file, path: fieldPath, line: locate(fieldPath), message, expected, ...(got ? { got: got.value } : {}) });
  if (!isMap(document)) {
    problems.push({ file, path: [], message: 'a base file must be a YAML mapping', expected: `apiVersion: ${CLUSTER_API_VERSION}, kind: ${BASE_KIND}, metadata and spec` });
    return undefined;
  }
  const before = problems.length;
  if (document.apiVersion !== CLUSTER_API_VERSION) problem(['apiVersion'], 'not an allowed value', JSON.stringify(CLUSTER_API_VERSION), { value: document.apiVersion });
  if (document.kind !== BASE_KIND) problem(['kind'], 'not an allowed value', `${JSON.stringify(BASE_KIND)} (a cluster file cannot be a base)`, { value: document.kind });
  const metadata = document.metadata;
  if (!isMap(metadata) || !DnsLabel.safeParse(metadata.name).success) {
    problem(['metadata', 'name'], 'a base needs a name', 'a DNS label such as site-defaults', { value: isMap(metadata) ? metadata.name : metadata });
  }
  if (document.spec !== undefined && !isMap(document.spec)) problem(['spec'], 'wrong type', 'a mapping of cluster settings', { value: document.spec });
  for (const key of Object.keys(document).filter((name) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(name))) {
    problem([key], 'unknown field', 'one of apiVersion, kind, metadata, spec');
  }
  return problems.length === before ? { file, text: result.text, document } : undefined;
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
