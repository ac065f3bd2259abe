/**
 * The Kubernetes versions hanok can install: one place for the window, the end-of-life dates and the newest patch
 * releases. Everything that depends on "which Kubernetes" (the config schema, kubeadm files, the compatibility
 * matrix, the schema checks, the node scripts) reads it from here.
 *
 * Sources: kubernetes.io/releases (end-of-life dates) and the CHANGELOG-1.x files of kubernetes/kubernetes
 * (patch releases). When a patch release comes out, raise `newestPatch`; when a minor comes out, add it.
 */

/** One minor release of Kubernetes. */
export interface KubernetesMinor {
  /** `MAJOR.MINOR`, e.g. `1.36`. */
  readonly minor: string;
  /** Day upstream support ends (kubernetes.io/releases), `YYYY-MM-DD`. */
  readonly endOfLife: string;
  /**
   * The newest patch release hanok has a source for, `MAJOR.MINOR.PATCH`. The default version is the newest patch
   * of a minor, so only a minor with a known patch can be the default.
   * @default - none recorded
   */
  readonly newestPatch?: string;
}

/**
 * The window, oldest first. It starts at 1.31, the first kubeadm that reads `kubeadm.k8s.io/v1beta4` (the only
 * kubeadm API hanok writes: kubeadm 1.36 removed v1beta3). It ends at the newest minor hanok knows of.
 */
export const KUBERNETES_MINORS: readonly KubernetesMinor[] = [
  { minor: '1.31', endOfLife: '2025-10-28' },
  { minor: '1.32', endOfLife: '2026-02-28' },
  { minor: '1.33', endOfLife: '2026-06-28' },
  { minor: '1.34', endOfLife: '2026-10-27' },
  // CHANGELOG-1.35.md lists v1.35.4.
  { minor: '1.35', endOfLife: '2027-02-28', newestPatch: '1.35.4' },
  // v1.36.1: the patch kind v0.28.0 made its default node image.
  { minor: '1.36', endOfLife: '2027-06-28', newestPatch: '1.36.1' },
  { minor: '1.37', endOfLife: '2027-10-28' },
];

export const OLDEST_MINOR = KUBERNETES_MINORS[0].minor;
export const NEWEST_MINOR = KUBERNETES_MINORS[KUBERNETES_MINORS.length - 1].minor;

/** `1.31 to 1.37`, for messages. */
export const WINDOW_TEXT = `${OLDEST_MINOR} to ${NEWEST_MINOR}`;

/** A version as cluster files may write it: `1.36.1` or, as kubeadm prints it, `v1.36.1`. */
export const KUBERNETES_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)$/;

export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses `1.36.1` or `v1.36.1`; undefined for anything else. */
export function parseKubernetesVersion(text: string): ParsedVersion | undefined {
  const match = KUBERNETES_VERSION_PATTERN.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : undefined;
}

/** `v1.36.1` → `1.36.1`; other text unchanged. */
export function normalizeKubernetesVersion(text: string): string {
  return KUBERNETES_VERSION_PATTERN.test(text) ? text.replace(/^v/, '') : text;
}

/** `1.36.1` → `1.36`. */
export function minorOf(version: string): string {
  const parsed = parseKubernetesVersion(version);
  if (!parsed) {
    throw new Error(`not a Kubernetes version: ${JSON.stringify(version)} (expected MAJOR.MINOR.PATCH)`);
  }
  return `${parsed.major}.${parsed.minor}`;
}

/** The minor number of `1.36` or `1.36.1`: 36. */
export function minorNumber(versionOrMinor: string): number {
  return Number(versionOrMinor.replace(/^v/, '').split('.')[1]);
}

/** The window's entry of a version's minor, or undefined outside the window. */
export function kubernetesMinor(version: string): KubernetesMinor | undefined {
  const parsed = parseKubernetesVersion(version);
  return parsed ? KUBERNETES_MINORS.find((entry) => entry.minor === `${parsed.major}.${parsed.minor}`) : undefined;
}

/** Whether the version lies in the window. */
export function isInWindow(version: string): boolean {
  return kubernetesMinor(version) !== undefined;
}

/**
 * The warning for a minor past its upstream end of life on `today` (`YYYY-MM-DD`), or undefined while upstream
 * supports it.
 */
export function endOfLifeWarning(version: string, today: string): string | undefined {
  const entry = kubernetesMinor(version);
  if (!entry || entry.endOfLife >= today) {
    return undefined;
  }
  const supported = KUBERNETES_MINORS.filter((candidate) => candidate.endOfLife >= today).map((candidate) => candidate.minor);
  return (
    `spec.kubernetesVersion: Kubernetes ${entry.minor} reached its upstream end of life on ${entry.endOfLife} and gets no more security fixes` +
    (supported.length > 0 ? `; upstream supports ${supported.join(', ')}` : '')
  );
}

/** Today as `YYYY-MM-DD` (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
