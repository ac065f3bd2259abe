import { SuppliedSecretInfo } from '../constructs/supplied-secret';

/** Where the operator keeps the values, relative to the repository; .gitignore keeps `secrets/` out of git. */
export function secretsFileFor(cluster: string): string {
  return `secrets/${cluster}.secrets.env`;
}

/**
 * `dist/<cluster>/secrets.example`: every Secret and key the manifests reference, with what each is for, as the
 * template of the operator's secrets file. The `# secret <namespace>/<name> type=<type>` lines and the
 * `<namespace>/<name>/<key>=` lines are what scripts/node/apply.sh reads; it holds names only, never a value.
 */
export function renderSecretsExample(cluster: string, header: string, secrets: readonly SuppliedSecretInfo[]): string {
  const file = secretsFileFor(cluster);
  const lines = [
    `# The Secrets the manifests of cluster ${cluster} reference, created at apply time. Values never go into git or dist/:`,
    `# copy this file to ${file} (git ignores secrets/ and *.secrets.env), fill in every value, then run`,
    `#   scripts/node/apply.sh --cluster ${cluster} --secrets ${file}`,
    '# One line per key, <namespace>/<secret>/<key>=<value>. A value @<path> is read from that file (certificates, JSON),',
    '# e.g. .dockerconfigjson=@/root/.docker/config.json after `docker login <registry>`.',
  ];
  if (secrets.length === 0) {
    lines.push('', '# This cluster needs no Secrets.');
  }
  for (const secret of secrets) {
    lines.push('', `# secret ${secret.namespace}/${secret.name} type=${secret.type}`, `# ${oneLine(secret.purpose)}`);
    for (const [key, what] of Object.entries(secret.keys)) {
      lines.push(`#   ${key}: ${oneLine(what)}`);
    }
    for (const key of Object.keys(secret.keys)) {
      lines.push(`${secret.namespace}/${secret.name}/${key}=`);
    }
  }
  return `${header}${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
