import { KubeObject } from '../kube/objects';

/**
 * Parts of a cluster's output that the files rendering it share (secrets-example.ts, config-causes.ts, gitops),
 * kept apart from synthesize-cluster.ts so that they need not import the synthesis that imports them.
 */

/** One output file of manifests: the objects of one chart. */
export interface ManifestFile {
  readonly name: string;
  readonly chart: string;
  readonly objects: readonly KubeObject[];
}

/** A Secret the cluster needs from the operator at apply time. */
export interface SuppliedSecretInfo {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly keys: Readonly<Record<string, string>>;
  readonly purpose: string;
}
