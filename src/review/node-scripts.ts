/**
 * What to run after a file beside the manifests changed, so the machines (or the operator's files) follow. The
 * scripts are those of scripts/node/, which read exactly these files.
 */
const ADVICE: readonly (readonly [RegExp, string])[] = [
  [/^nodes\/haproxy\//, 'run prepare-haproxy.sh on the load-balancer host'],
  [/^nodes\/firewall\/haproxy\.ports$/, 'run prepare-haproxy.sh on the load-balancer host'],
  [/^nodes\/firewall\/nfs-server\.ports$/, 'run prepare-nfs-server.sh on the NFS server'],
  [/^nodes\/nfs\//, 'run prepare-nfs-server.sh on the NFS server'],
  [/^nodes\/(firewall|sysctl\.d|modules-load\.d|containerd)\//, 'run prepare-node.sh on every node'],
  [/^nodes\/hosts$/, 'run prepare-node.sh on every node'],
  [/^nodes\/kubeadm\//, 'run init-control-plane.sh / join-node.sh for a new node only; a running node keeps its kubeadm settings'],
  [/^nodes\/labels$/, 'run apply.sh (it labels the nodes)'],
  [/^nodes\/openmcp\//, 'run openmcp-join.sh'],
  [/^images\.txt$/, 'run mirror-images.sh, before applying'],
  [/^secrets\.example$/, 'add the new keys to secrets/<cluster>.secrets.env'],
];

export function nodeFileAdvice(file: string): string | undefined {
  return ADVICE.find(([pattern]) => pattern.test(file))?.[1];
}
