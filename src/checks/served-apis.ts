import { minorOf } from '../versions/kubernetes-releases';
import { removedApi } from '../versions/served-apis';
import { ManifestEntry } from './manifest';

/** Objects whose apiVersion and kind the cluster's Kubernetes version no longer serves; the API server would refuse them. */
export function checkServedApis(entries: readonly ManifestEntry[], kubernetesVersion: string): Array<{ entry: ManifestEntry; field: string; message: string }> {
  const minor = minorOf(kubernetesVersion);
  return entries.flatMap((entry) => {
    const removed = removedApi(entry.object.apiVersion, entry.object.kind, minor);
    return removed
      ? [{
        entry,
        field: 'apiVersion',
        message: `Kubernetes ${minor} (spec.kubernetesVersion ${kubernetesVersion}) does not serve ${entry.object.apiVersion} ${entry.object.kind}, removed in ${removed.removedIn} (expected ${removed.replacement})`,
      }]
      : [];
  });
}
