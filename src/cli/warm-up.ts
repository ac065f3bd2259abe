import { forgetSchemas } from '../checks/schema-check';
import { forgetCrdBounds } from '../checks/crd-bounds';
import { forgetSchemaSets } from '../checks/versioned-schemas';
import { forgetCrdFiles } from '../constructs/custom-resource-definitions';
import { forgetGitopsCrds } from '../gitops';
import { forgetRenderedYaml } from '../kube/yaml';
import { forgetConvertedKinds } from '../pipeline/converted-kinds';
import { main } from './hanok';

/**
 * Runs `hanok validate` of `clustersDir` once, printing nothing, and then forgets every file it read: what the
 * start-up snapshot (scripts/build-fast.ts) does before it is written, so that a run from it starts with hanok's
 * code compiled and its lazily built state (zod's compiled parsers, the precompiled validators' lookups, the YAML
 * writer's tables) in place, instead of paying for both on every cold start.
 *
 * Nothing of the clusters stays behind: the caches that hold what a run reads from files (the CRD files, the API
 * schemas and the validators compiled from them, the GitOps CRDs) are emptied, and so is everything kept by content
 * across clusters (schema findings, cdk8s-plus conversions, rendered YAML), so a run reads them again, exactly
 * as the plain path does, and an edited CRD or schema file is seen. What remains is derived from hanok's code alone.
 * Resolves to validate's exit code; the snapshot build fails on anything but 0.
 */
export async function warmUp(clustersDir: string): Promise<number> {
  const ignore = (): void => undefined;
  const code = await main(['validate', '--clusters', clustersDir], ignore, ignore);
  forgetCrdFiles();
  forgetGitopsCrds();
  forgetSchemas();
  forgetCrdBounds();
  forgetSchemaSets();
  // What is kept by content across clusters (conversions, renderings; schema findings go with forgetSchemas):
  // correct to keep, since keyed by exact content, but it is the examples' data, which the snapshot must not hold.
  forgetConvertedKinds();
  forgetRenderedYaml();
  return code;
}
