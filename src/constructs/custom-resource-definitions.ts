import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { seal } from '../kube/exact-json';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { listPackageFolder, readPackageFile } from '../assets/package-files';
import { ComponentIdentity, componentLabels } from './labels';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The package folder of the CRD files, relative to hanok's package root (embedded in the single executable). */
export const CRDS_FOLDER = 'crds';

export interface CustomResourceDefinitionsProps extends Partial<ComponentIdentity> {
  /** Folder of CRD YAML files: relative to the repository's `crds/` folder (e.g. `metallb`) or absolute. */
  readonly directory: string;
  /**
   * File names to load from the folder, in this order.
   * @default - every `.yaml` and `.yml` file of the folder, in file-name order
   */
  readonly files?: readonly string[];
}

/**
 * Emits CustomResourceDefinitions kept as upstream YAML in `crds/<component>/`. The same files feed
 * `cdk8s import` (see imports/README.md), so the typed classes and the definitions in the output cannot drift.
 * Each definition is checked to be a structural apiextensions.k8s.io/v1 CRD whose name is `<plural>.<group>`.
 */
export class CustomResourceDefinitions extends Construct {
  /** The definitions, in load order. */
  public readonly definitions: readonly ApiObject[];
  /** Their names, such as `ipaddresspools.metallb.io`. */
  public readonly names: readonly string[];

  constructor(scope: Construct, id: string, props: CustomResourceDefinitionsProps) {
    super(scope, id);
    const source = crdSource(props.directory);
    const available = source.list();
    if (!available) {
      throw new Error(`CustomResourceDefinitions: 'directory' must be a folder of CRD files (got ${JSON.stringify(props.directory)}, which resolves to ${source.where})`);
    }
    const files = props.files ?? yamlFiles(available);
    if (files.length === 0) {
      throw new Error(`CustomResourceDefinitions: 'directory' ${JSON.stringify(props.directory)} holds no .yaml files`);
    }
    const labels = componentLabels({ appName: props.appName ?? path.basename(props.directory), component: props.component ?? 'crd' });
    const definitions: ApiObject[] = [];
    for (const file of files) {
      if (!available.includes(file)) {
        throw new Error(`CustomResourceDefinitions: 'files' names ${JSON.stringify(file)}, which is not in ${source.where}`);
      }
      const documents = loadDocuments(source, file);
      documents.forEach((document, index) => {
        const where = `${source.describe(file)}${documents.length > 1 ? ` (document ${index + 1})` : ''}`;
        const crd = checkDefinition(document, where);
        if (definitions.some((existing) => existing.name === crd.metadata.name)) {
          throw new Error(`CustomResourceDefinitions: ${where} defines ${crd.metadata.name} a second time`);
        }
        const { apiVersion, kind, metadata, spec } = crd;
        definitions.push(
          new ApiObject(this, crd.metadata.name, {
            apiVersion,
            kind,
            metadata: { ...metadata, labels: { ...metadata.labels, ...labels } },
            spec,
          }),
        );
      });
    }
    this.definitions = definitions;
    this.names = definitions.map((definition) => definition.name);
  }
}

/** Where CRD files come from: a folder of hanok's package (`crds/<directory>`), or any absolute folder. */
interface CrdSource {
  /** For messages. */
  readonly where: string;
  list(): string[] | undefined;
  read(file: string): string;
  /** A file's name for messages, such as `crds/metallb/metallb.io_bgppeers.yaml`. */
  describe(file: string): string;
  /** Identifies the file across constructs, for the parse cache. */
  key(file: string): string;
}

function crdSource(directory: string): CrdSource {
  if (path.isAbsolute(directory)) {
    return {
      where: directory,
      list: () => (fs.existsSync(directory) && fs.statSync(directory).isDirectory() ? fs.readdirSync(directory).sort() : undefined),
      read: (file) => fs.readFileSync(path.join(directory, file), 'utf8'),
      describe: (file) => path.join(directory, file),
      key: (file) => path.join(directory, file),
    };
  }
  const folder = path.posix.join(CRDS_FOLDER, directory);
  return {
    where: folder,
    list: () => listPackageFolder(folder),
    read: (file) => readPackageFile(`${folder}/${file}`).toString('utf8'),
    describe: (file) => `${folder}/${file}`,
    key: (file) => `package:${folder}/${file}`,
  };
}

const documentsByFile = new Map<string, unknown[]>();

/** Forgets the CRD files read so far (the start-up snapshot's warm-up, src/cli/warm-up.ts): a run reads them again. */
export function forgetCrdFiles(): void {
  documentsByFile.clear();
}

let parsedAtBuild: Record<string, unknown[]> | null | undefined;

/**
 * The documents of the CRD files of hanok's package, parsed by `npm run build` (scripts/compile-schemas.ts) and
 * keyed by `crdTextKey` of the file's text, so that an edited file is parsed again. Absent when running from the
 * TypeScript sources (tests).
 */
function documentsParsedAtBuild(): Record<string, unknown[]> | null {
  if (parsedAtBuild === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      parsedAtBuild = require('./crd-documents.generated.json') as Record<string, unknown[]>;
    } catch {
      parsedAtBuild = null;
    }
  }
  return parsedAtBuild;
}

/** The key of a CRD file's text among the documents parsed at build time. */
export function crdTextKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A CRD file's documents, as `loadDocuments` parses them (without the empty ones). */
export function parseCrdDocuments(text: string, filename: string): unknown[] {
  return yaml.loadAll(text, undefined, { filename }).filter((document) => document != null);
}

/**
 * Parsed once per process: every cluster of a synth emits the same CRD files. Each document's `spec` is sealed
 * (src/kube/exact-json.ts: frozen, so that no caller can change it for the next cluster), which lets synth serialize
 * and key it once for all clusters.
 */
function loadDocuments(source: CrdSource, file: string): unknown[] {
  const key = source.key(file);
  let documents = documentsByFile.get(key);
  if (!documents) {
    const text = source.read(file);
    documents = documentsParsedAtBuild()?.[crdTextKey(text)] ?? parseCrdDocuments(text, source.describe(file));
    for (const document of documents) {
      const spec = (document as { spec?: unknown } | null)?.spec;
      seal(spec);
    }
    documentsByFile.set(key, documents);
  }
  return documents;
}

/**
 * The documents of every `.yaml` file of a CRD folder (as `directory` of `CustomResourceDefinitions`), in file-name
 * order, for code that checks against CRDs without emitting them (the GitOps files' checks). Parsed once per process
 * like the emitted ones, from what `npm run build` parsed where the file is unchanged; each `spec` is sealed.
 */
export function crdFolderDocuments(directory: string): unknown[] {
  const source = crdSource(directory);
  return yamlFiles(source.list() ?? []).flatMap((file) => loadDocuments(source, file));
}

/** The CRD files of a folder's listing: its `.yaml` and `.yml` files. */
function yamlFiles(names: readonly string[]): string[] {
  return names.filter((name) => /\.ya?ml$/.test(name));
}

function checkDefinition(document: unknown, where: string): any {
  const crd = document as any;
  const fail = (problem: string): never => {
    throw new Error(`CustomResourceDefinitions: ${where} ${problem}`);
  };
  if (typeof crd !== 'object' || Array.isArray(crd)) {
    fail('is not a YAML mapping');
  }
  if (crd.apiVersion !== 'apiextensions.k8s.io/v1' || crd.kind !== 'CustomResourceDefinition') {
    fail(`is ${crd.apiVersion}/${crd.kind}, expected apiextensions.k8s.io/v1 CustomResourceDefinition`);
  }
  const spec = crd.spec ?? {};
  const expectedName = `${spec.names?.plural}.${spec.group}`;
  if (crd.metadata?.name !== expectedName) {
    fail(`is named ${JSON.stringify(crd.metadata?.name)}, but a CRD must be named <plural>.<group> (${expectedName})`);
  }
  if (!['Namespaced', 'Cluster'].includes(spec.scope)) {
    fail(`has scope ${JSON.stringify(spec.scope)}, expected Namespaced or Cluster`);
  }
  const versions: any[] = spec.versions ?? [];
  if (versions.length === 0) {
    fail('declares no versions');
  }
  if (versions.filter((version) => version.storage === true).length !== 1) {
    fail('must mark exactly one version as the storage version');
  }
  for (const version of versions) {
    if (version.schema?.openAPIV3Schema?.type !== 'object') {
      fail(`version ${version.name} has no structural schema (openAPIV3Schema of type object)`);
    }
  }
  return crd;
}

