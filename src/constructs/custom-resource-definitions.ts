import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { ComponentIdentity, componentLabels } from './labels';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The repository's `crds/` folder. Found from this file's location, so it is the same whether the code runs from
 * the TypeScript sources (tests) or from the build in `lib/` (synth).
 */
export const CRDS_DIRECTORY = findCrdsDirectory(__dirname);

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
    const directory = path.isAbsolute(props.directory) ? props.directory : path.join(CRDS_DIRECTORY, props.directory);
    if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
      throw new Error(`CustomResourceDefinitions: 'directory' must be a folder of CRD files (got ${JSON.stringify(props.directory)}, which resolves to ${directory})`);
    }
    const files = props.files ?? fs.readdirSync(directory).filter((name) => /\.ya?ml$/.test(name)).sort();
    if (files.length === 0) {
      throw new Error(`CustomResourceDefinitions: 'directory' ${JSON.stringify(props.directory)} holds no .yaml files`);
    }
    const labels = componentLabels({ appName: props.appName ?? path.basename(directory), component: props.component ?? 'crd' });
    const definitions: ApiObject[] = [];
    for (const file of files) {
      const filePath = path.join(directory, file);
      if (!fs.existsSync(filePath)) {
        throw new Error(`CustomResourceDefinitions: 'files' names ${JSON.stringify(file)}, which is not in ${directory}`);
      }
      const documents = loadDocuments(filePath);
      documents.forEach((document, index) => {
        const where = `${path.relative(path.dirname(CRDS_DIRECTORY), filePath)}${documents.length > 1 ? ` (document ${index + 1})` : ''}`;
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

const documentsByFile = new Map<string, unknown[]>();

/** Parsed once per process: every cluster of a synth emits the same CRD files. Callers must not mutate them. */
function loadDocuments(filePath: string): unknown[] {
  let documents = documentsByFile.get(filePath);
  if (!documents) {
    documents = yaml.loadAll(fs.readFileSync(filePath, 'utf8'), undefined, { filename: filePath }).filter((document) => document != null);
    documentsByFile.set(filePath, documents);
  }
  return documents;
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

function findCrdsDirectory(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json')) && fs.existsSync(path.join(directory, 'crds'))) {
      return path.join(directory, 'crds');
    }
    if (path.dirname(directory) === directory) {
      return path.resolve('crds');
    }
  }
}
