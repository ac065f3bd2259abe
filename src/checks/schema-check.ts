import { KubernetesSchemas, UnknownKindError } from './kubernetes-schemas';
import { apiGroupOf, KubeObject, ManifestEntry } from './manifest';

/* eslint-disable @typescript-eslint/no-explicit-any */

let sharedSchemas: KubernetesSchemas | undefined;

/** One compiled-schema cache per process: compiling the Kubernetes schemas is the expensive part of the checks. */
function schemas(): KubernetesSchemas {
  sharedSchemas ??= new KubernetesSchemas();
  return sharedSchemas;
}

export interface SchemaFailure {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
}

/**
 * Validates every object strictly: built-in kinds against Kubernetes 1.27, custom resources against the CRD in the
 * same output that defines their kind and version.
 */
export function checkSchemas(entries: readonly ManifestEntry[]): SchemaFailure[] {
  const crds = new Map<string, { schema: object; name: string }>();
  for (const { object } of entries) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = object.spec as any;
    for (const version of spec?.versions ?? []) {
      if (version.schema?.openAPIV3Schema) {
        crds.set(`${spec.group}/${version.name}/${spec.names?.kind}`, { schema: version.schema.openAPIV3Schema, name: object.metadata.name });
      }
    }
  }
  const failures: SchemaFailure[] = [];
  for (const entry of entries) {
    const object: KubeObject = entry.object;
    const crd = crds.get(`${apiGroupOf(object.apiVersion)}/${object.apiVersion.split('/').pop()}/${object.kind}`);
    try {
      const errors = crd
        ? schemas().validateCustom(object, crd.schema as any, `${crd.name}/${object.apiVersion}`)
        : schemas().validate(object);
      failures.push(...errors.map((error) => ({ entry, field: error.field, message: error.message })));
    } catch (error) {
      if (!(error instanceof UnknownKindError)) throw error;
      failures.push({ entry, field: 'apiVersion', message: `${error.message}, and no CustomResourceDefinition in the output defines it` });
    }
  }
  return failures;
}
