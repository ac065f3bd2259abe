import { MappedImage } from './image-mapping';
import { UserError } from '../config/errors';

/** kubeadm's default image repository. */
export const KUBEADM_DEFAULT_REPOSITORY = 'registry.k8s.io';

/** The versions of the images kubeadm adds to the Kubernetes release's own (`kubeadm config images list`). */
export interface KubeadmImageVersions {
  /** `pause` tag (kubeadm's `PauseVersion`). */
  readonly pause: string;
  /** `etcd` tag (kubeadm's `SupportedEtcdVersion[minor]`, else `DefaultEtcdVersion`). */
  readonly etcd: string;
  /** `coredns` tag (kubeadm's `CoreDNSVersion`). */
  readonly coredns: string;
  /**
   * `checked`: read from kubeadm's `cmd/kubeadm/app/constants/constants.go` of that release branch, from minikube's
   * `constants_kubeadm_images.go` (which records `kubeadm config images list` per release), or from an installed
   * kubeadm. `unchecked`: not read from the release here; the bundle says so, and prefers an installed kubeadm.
   */
  readonly source: 'checked' | 'unchecked';
}

/**
 * kubeadm's images per Kubernetes minor, at the newest patch release checked. kubeadm pins these in
 * cmd/kubeadm/app/constants/constants.go (`PauseVersion`, `CoreDNSVersion`, `SupportedEtcdVersion`); patch releases
 * sometimes raise etcd (1.32's branch moved from 3.5.16-0 to 3.5.24-0), so `hanok bundle --images` asks an installed
 * `kubeadm config images list --kubernetes-version` first and uses this table only when no kubeadm of the minor is
 * installed. Checked: 1.27–1.31 against minikube's recorded `kubeadm config images list` (1.27.16, 1.28.15, 1.29.10,
 * 1.30.6, 1.31.2) and kubeadm's 1.31 constants; 1.32 against kubeadm's release-1.32 constants (etcd from
 * `SupportedEtcdVersion[32]`). Unchecked: 1.33 and 1.34 as their releases announced them, 1.35 from a copy of its
 * constants quoted in a public test (etcd 3.6.6-0, CoreDNS v1.13.1, pause 3.10.1), and 1.36 and 1.37 repeating 1.35's
 * values until read from their releases.
 */
export const KUBEADM_IMAGE_VERSIONS: Readonly<Record<string, KubeadmImageVersions>> = {
  '1.27': { pause: '3.9', etcd: '3.5.12-0', coredns: 'v1.10.1', source: 'checked' },
  '1.28': { pause: '3.9', etcd: '3.5.15-0', coredns: 'v1.10.1', source: 'checked' },
  '1.29': { pause: '3.9', etcd: '3.5.15-0', coredns: 'v1.11.1', source: 'checked' },
  '1.30': { pause: '3.9', etcd: '3.5.15-0', coredns: 'v1.11.3', source: 'checked' },
  '1.31': { pause: '3.10', etcd: '3.5.15-0', coredns: 'v1.11.3', source: 'checked' },
  '1.32': { pause: '3.10', etcd: '3.5.24-0', coredns: 'v1.11.3', source: 'checked' },
  '1.33': { pause: '3.10', etcd: '3.5.21-0', coredns: 'v1.12.0', source: 'unchecked' },
  '1.34': { pause: '3.10.1', etcd: '3.6.4-0', coredns: 'v1.12.1', source: 'unchecked' },
  '1.35': { pause: '3.10.1', etcd: '3.6.6-0', coredns: 'v1.13.1', source: 'unchecked' },
  '1.36': { pause: '3.10.1', etcd: '3.6.6-0', coredns: 'v1.13.1', source: 'unchecked' },
  '1.37': { pause: '3.10.1', etcd: '3.6.6-0', coredns: 'v1.13.1', source: 'unchecked' },
};

/** The control-plane components kubeadm runs from `<imageRepository>/<name>:v<version>`. */
export const KUBEADM_VERSIONED_IMAGES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'] as const;

/** `1.30.14` → `1.30`. */
export function kubernetesMinor(version: string): string {
  const match = /^v?(1\.\d+)\.\d+$/.exec(version);
  if (!match) {
    throw new UserError(`not a Kubernetes version MAJOR.MINOR.PATCH: ${JSON.stringify(version)}`);
  }
  return match[1];
}

/** The table's row for a version; a UserError naming the supported minors when there is none. */
export function kubeadmImageVersions(version: string): KubeadmImageVersions {
  const row = KUBEADM_IMAGE_VERSIONS[kubernetesMinor(version)];
  if (!row) {
    throw new UserError(
      `kubeadm's image versions for Kubernetes ${version} are not known to hanok (known: ${Object.keys(KUBEADM_IMAGE_VERSIONS).join(', ')}); ` +
        `install kubeadm v${version} on this machine so they are read from 'kubeadm config images list'`,
    );
  }
  return row;
}

/**
 * kubeadm's images for a version, each with where nodes pull it (`image`) and where it is published (`source`).
 * With an `imageRepository` kubeadm pulls every image from below it, CoreDNS as `<repository>/coredns` (not
 * `coredns/coredns`, kubeadm's special case for custom repositories); without, from registry.k8s.io.
 */
export function kubeadmImages(version: string, imageRepository?: string, versions: KubeadmImageVersions = kubeadmImageVersions(version)): MappedImage[] {
  const tag = version.startsWith('v') ? version : `v${version}`;
  const upstream: Array<{ path: string; tag: string; mirroredPath: string }> = [
    ...KUBEADM_VERSIONED_IMAGES.map((name) => ({ path: name, tag, mirroredPath: name })),
    { path: 'pause', tag: versions.pause, mirroredPath: 'pause' },
    { path: 'etcd', tag: versions.etcd, mirroredPath: 'etcd' },
    { path: 'coredns/coredns', tag: versions.coredns, mirroredPath: 'coredns' },
  ];
  return upstream
    .map((entry) => ({
      source: `${KUBEADM_DEFAULT_REPOSITORY}/${entry.path}:${entry.tag}`,
      image: imageRepository ? `${imageRepository}/${entry.mirroredPath}:${entry.tag}` : `${KUBEADM_DEFAULT_REPOSITORY}/${entry.path}:${entry.tag}`,
    }))
    .sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}

/**
 * Reads the versions from `kubeadm config images list --kubernetes-version` output (one image per line, default
 * repository). Returns undefined when a line is missing, so the caller falls back to the table.
 */
export function parseKubeadmImageList(text: string): KubeadmImageVersions | undefined {
  const tagOf = (path: string) => {
    const line = text.split('\n').map((entry) => entry.trim()).find((entry) => entry.startsWith(`${KUBEADM_DEFAULT_REPOSITORY}/${path}:`));
    return line?.slice(`${KUBEADM_DEFAULT_REPOSITORY}/${path}:`.length);
  };
  const pause = tagOf('pause');
  const etcd = tagOf('etcd');
  const coredns = tagOf('coredns/coredns');
  return pause && etcd && coredns ? { pause, etcd, coredns, source: 'checked' } : undefined;
}
