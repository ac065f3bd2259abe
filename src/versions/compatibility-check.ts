import { KUBERNETES_MINORS, minorNumber, minorOf, NEWEST_MINOR, OLDEST_MINOR } from './kubernetes-releases';

/*
 * The rules of the component compatibility matrix (compatibility-matrix.ts holds the entries): what an entry
 * declares, when a Kubernetes minor is in its range, the newest version every default component supports, and
 * the findings for one cluster.
 */

/** Kubernetes minors a component works on, both ends included. */
export interface KubernetesRange {
  /** Oldest minor, `1.21`. */
  readonly min: string;
  /**
   * Newest minor, `1.35`; only where a later minor is known to break the component (see `note`).
   * @default - no known upper bound
   */
  readonly max?: string;
}

/** An API the upstream image of a component calls, and the minor that stopped serving it. */
export interface RemovedApiUse {
  /** `group/version Kind`, e.g. `extensions/v1beta1 Ingress`. */
  readonly api: string;
  /** First minor that no longer serves it. */
  readonly removedIn: string;
}

/** What the matrix needs to know about a cluster. */
export interface ComponentUse {
  /** Whether the cluster enables the component. */
  readonly enabled: boolean;
  /**
   * Upstream images of the component the cluster's containers still run (not replaced by `spec.images.overrides`
   * or a configured image); only components with `removedApis` look at it.
   * @default []
   */
  readonly upstreamImages?: readonly string[];
}

export interface ComponentCompatibility {
  /** Stable key: `flannel`, `metallb`, ... */
  readonly id: string;
  /** Name for people. */
  readonly name: string;
  /** The pinned version the range was assessed for. */
  readonly version: string;
  /** The pinned image whose tag is `version`, when hanok pins one. */
  readonly image?: string;
  readonly kubernetes: KubernetesRange;
  /** Where the range comes from; why the upper bound. */
  readonly note: string;
  /**
   * Not installed by a default cluster: does not limit the default Kubernetes version.
   * @default false
   */
  readonly optIn?: boolean;
  /**
   * Runs on the machines, not in the cluster: hanok cannot see its version, so synth does not check it and it does
   * not limit the default; `prepare-node.sh` checks it on each node (see NODE_REQUIREMENTS).
   * @default false
   */
  readonly onNodes?: boolean;
  /**
   * APIs the upstream image calls that Kubernetes no longer serves: a warning when the image is in use on a
   * version without them.
   * @default []
   */
  readonly removedApis?: readonly RemovedApiUse[];
}

export function isInRange(minor: string, range: KubernetesRange): boolean {
  const value = minorNumber(minor);
  return value >= minorNumber(range.min) && (range.max === undefined || value <= minorNumber(range.max));
}

/** `>=1.21`, `>=1.21 <=1.35`, as Helm writes kubeVersion. */
export function formatRange(range: KubernetesRange): string {
  return `>=${range.min}${range.max ? ` <=${range.max}` : ''}`;
}

/**
 * The newest patch of the newest minor in the window that every default component (not opt-in, not on the nodes)
 * of `components` supports.
 */
export function newestSupportedVersion(components: readonly ComponentCompatibility[]): string {
  const defaults = components.filter((component) => !component.optIn && !component.onNodes);
  const candidates = [...KUBERNETES_MINORS]
    .reverse()
    .filter((entry) => entry.newestPatch !== undefined && defaults.every((component) => isInRange(entry.minor, component.kubernetes)));
  if (candidates.length === 0) {
    throw new Error(`no Kubernetes minor from ${OLDEST_MINOR} to ${NEWEST_MINOR} with a known patch release suits every default component`);
  }
  return candidates[0].newestPatch!;
}

export interface CompatibilityFindings {
  /** Components outside their range: synth fails. */
  readonly errors: readonly string[];
  /** Upstream images calling APIs the version no longer serves. */
  readonly warnings: readonly string[];
}

/** Checks the enabled `components` of a cluster against its Kubernetes version. */
export function checkComponents(
  kubernetesVersion: string,
  uses: Readonly<Record<string, ComponentUse>>,
  components: readonly ComponentCompatibility[],
): CompatibilityFindings {
  const minor = minorOf(kubernetesVersion);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const component of components) {
    const use = uses[component.id];
    if (component.onNodes || !use?.enabled) continue;
    if (!isInRange(minor, component.kubernetes)) {
      const supported = KUBERNETES_MINORS.map((entry) => entry.minor).filter((candidate) => isInRange(candidate, component.kubernetes));
      errors.push(
        `spec.kubernetesVersion: ${component.name} ${component.version} does not support Kubernetes ${minor} ` +
          `(got ${kubernetesVersion}, expected ${formatRange(component.kubernetes)}: ${component.note}); ` +
          `upgrade the ${component.name} pin, override its image in spec.images.overrides with a release that supports ${minor}` +
          (supported.length > 0 ? `, or pick a Kubernetes version in ${supported[0]} to ${supported[supported.length - 1]}` : ''),
      );
    }
    const removed = (component.removedApis ?? []).filter((use) => minorNumber(minor) >= minorNumber(use.removedIn));
    const images = use.upstreamImages ?? [];
    if (removed.length > 0 && images.length > 0) {
      warnings.push(
        `${component.name}: the upstream image${images.length === 1 ? '' : 's'} ${images.join(', ')} call${images.length === 1 ? 's' : ''} ` +
          `${removed.map((api) => `${api.api} (removed in ${api.removedIn})`).join(' and ')}, which Kubernetes ${minor} does not serve: ` +
          'the component cannot do its job; rebuild the image against current APIs and set it in spec.images.overrides',
      );
    }
  }
  return { errors, warnings };
}
