import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { DnsLabel, DnsSubdomain } from './fields';
import { ConfigError, ConfigProblem } from './problems';

/**
 * The fleet file, `clusters/fleet.yaml` (`kind: Fleet`): what every cluster of the folder shares when a GitOps
 * engine rolls `dist/` out — the repository, the engines' namespaces and intervals, and where Secrets come from.
 * One file rather than a section per cluster, because these settings are the same for 30 sites: written once they
 * cannot drift, and the Argo CD ApplicationSet that spans the fleet has one source of truth.
 */
export const FLEET_FILE = 'fleet.yaml';
/** The output folder of the fleet-wide objects, beside the clusters' folders; no cluster may take this name. */
export const FLEET_OUTPUT = 'fleet';

const Duration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, 'a Go duration such as 10m or 1h30m');

export const FleetConfigSchema = z.strictObject({
  apiVersion: z.literal('hanok.dev/v1alpha1'),
  kind: z.literal('Fleet'),
  metadata: z.strictObject({ name: DnsLabel.describe('Name of the fleet; names the ApplicationSet.') }),
  spec: z.strictObject({
    repository: z
      .strictObject({
        url: z
          .string()
          .regex(/^(https?|ssh):\/\/\S+$/, 'an http(s):// or ssh:// URL')
          .describe('URL of the git repository that holds this folder and the committed output, as the engines clone it.'),
        branch: z.string().min(1).default('main').describe('Branch the engines follow.'),
        path: z
          .string()
          .regex(/^[^/\s][^\s]*[^/\s]$|^[^/\s]$/, 'a relative folder without leading or trailing slash')
          .default('dist')
          .describe('Folder of the output inside the repository.'),
        secretName: DnsSubdomain.optional().describe(
          "Flux: Secret in the Flux namespace with the repository's credentials (GitRepository secretRef). - the repository is read anonymously",
        ),
      })
      .describe('The git repository the engines read.'),
    argocd: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Whether to write the Argo CD ApplicationSet (dist/fleet/argocd/applicationset.yaml).'),
        namespace: DnsLabel.default('argocd').describe('Namespace of Argo CD on the management cluster.'),
        project: DnsSubdomain.default('default').describe('Argo CD project of the Applications.'),
      })
      .prefault({})
      .describe('Argo CD on a management cluster: one Application per cluster, destination by cluster name (argocd cluster add CONTEXT --name CLUSTER).'),
    flux: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Whether to write the Flux objects (dist/<cluster>/gitops/flux/).'),
        namespace: DnsLabel.default('flux-system').describe('Namespace of Flux in each cluster.'),
        interval: Duration.default('10m').describe('How often Flux fetches the repository and re-applies each layer.'),
        timeout: Duration.default('10m').describe('How long Flux waits for a layer to become healthy.'),
      })
      .prefault({})
      .describe('Flux in each cluster: a GitRepository and one Kustomization per layer, in chart order.'),
    externalSecrets: z
      .strictObject({
        storeName: DnsSubdomain.describe('The SecretStore or ClusterSecretStore that reads the values.'),
        storeKind: z.enum(['ClusterSecretStore', 'SecretStore']).default('ClusterSecretStore').describe('Kind of the store.'),
        keyPrefix: z.string().min(1).default('hanok').describe('Remote keys are <keyPrefix>/<cluster>/<namespace>/<secret>, with one property per Secret key.'),
        refreshInterval: Duration.default('1h').describe('How often the operator reads the values again.'),
      })
      .optional()
      .describe(
        'External Secrets Operator: one ExternalSecret per Secret the manifests need (the same list as secrets.example), so an engine gets the Secrets without apply.sh. - Secrets are created by apply.sh only',
      ),
  }),
});

export type FleetConfig = z.output<typeof FleetConfigSchema>;

/** Reads `<directory>/fleet.yaml` when there is one. Throws a ConfigError listing every problem in it. */
export function loadFleet(directory: string, clusterNames: readonly string[]): FleetConfig | undefined {
  const file = path.join(directory, FLEET_FILE);
  if (!fs.existsSync(file)) return undefined;
  let document: unknown;
  try {
    document = yaml.load(fs.readFileSync(file, 'utf8'), { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      throw new ConfigError([{ file, path: [], line: error.mark ? error.mark.line + 1 : undefined, message: `YAML syntax error: ${error.reason}` }]);
    }
    throw error;
  }
  const parsed = FleetConfigSchema.safeParse(document);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
      file,
      path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
      message: issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message,
    }));
  if (clusterNames.includes(FLEET_OUTPUT)) {
    problems.push({ file, path: [], message: `a cluster named '${FLEET_OUTPUT}' would share its output folder with the fleet's objects`, expected: 'another cluster name' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

export const FLEET_SCHEMA_FILE = 'schema/fleet.schema.json';

/** `schema/fleet.schema.json`, generated by `npm run generate` for editors, as the cluster schema is. */
export function fleetJsonSchema(): string {
  const schema = z.toJSONSchema(FleetConfigSchema, { io: 'input', target: 'draft-7' });
  return `${JSON.stringify({ $id: 'https://hanok.dev/schemas/fleet.schema.json', title: 'hanok Fleet', ...schema }, null, 2)}\n`;
}
