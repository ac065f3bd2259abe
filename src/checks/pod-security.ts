import { POD_SECURITY_LABEL_PREFIX, POD_SECURITY_LEVELS, PodSecurityLevel } from '../constructs/pod-security-labels';
import { ManifestEntry } from './manifest';
import { containersOf, PodTemplateSite, podTemplateOf } from '../kube/workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/), as the API
 * server's PodSecurity admission applies them at `enforce` level `latest`: a pod the namespace's level refuses is
 * never created, so its Deployment or DaemonSet silently stays at zero pods. This module checks every pod template
 * against the level of its namespace before anything reaches a cluster.
 */

const MODES = ['enforce', 'warn', 'audit'] as const;

/** Capabilities the baseline level lets a container add (the container runtime's default set). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/** Sysctls the baseline level allows ("safe" sysctls, as of Kubernetes 1.29). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const BASELINE_SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** Volume types the restricted level allows. */
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** One rule of the standards a pod template breaks. */
export interface PodSecurityViolation {
  /** The lowest level that forbids it: `baseline` (and so restricted) or only `restricted`. */
  readonly level: 'baseline' | 'restricted';
  /** Dotted path of the offending field inside the object. */
  readonly field: string;
  readonly message: string;
}

/** Every rule of the baseline and restricted levels the pod template breaks. */
export function podSecurityViolations(site: PodTemplateSite): PodSecurityViolation[] {
  const violations: PodSecurityViolation[] = [];
  const spec = site.spec;
  const at = site.specPath;
  const baseline = (field: string, message: string) => violations.push({ level: 'baseline', field, message });
  const restricted = (field: string, message: string) => violations.push({ level: 'restricted', field, message });
  const pod = spec.securityContext ?? {};

  // --- baseline ---
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[key]) baseline(`${at}.${key}`, `${key} shares a host namespace`);
  }
  if (pod.windowsOptions?.hostProcess) baseline(`${at}.securityContext.windowsOptions.hostProcess`, 'runs as a Windows host process');
  checkSeLinux(pod.seLinuxOptions, `${at}.securityContext.seLinuxOptions`, baseline);
  checkSeccompUnconfined(pod.seccompProfile, `${at}.securityContext.seccompProfile`, baseline);
  if (pod.appArmorProfile?.type === 'Unconfined') baseline(`${at}.securityContext.appArmorProfile.type`, 'AppArmor profile Unconfined');
  (pod.sysctls ?? []).forEach((sysctl: any, index: number) => {
    if (!SAFE_SYSCTLS.has(sysctl?.name)) baseline(`${at}.securityContext.sysctls[${index}]`, `sysctl ${sysctl?.name} is not in the safe set`);
  });
  (spec.volumes ?? []).forEach((volume: any, index: number) => {
    if (volume.hostPath) baseline(`${at}.volumes[${index}].hostPath`, `hostPath volume ${volume.hostPath.path}`);
  });
  const annotations: Record<string, string> = (site.object.kind === 'Pod' ? site.object.metadata.annotations : templateAnnotations(site)) ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      baseline(`metadata.annotations.${key}`, `AppArmor profile ${value}`);
    }
  }

  // --- restricted ---
  (spec.volumes ?? []).forEach((volume: any, index: number) => {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type !== undefined && type !== 'hostPath' && !RESTRICTED_VOLUME_TYPES.has(type)) {
      restricted(`${at}.volumes[${index}].${type}`, `volume type ${type} (restricted allows ${[...RESTRICTED_VOLUME_TYPES].join(', ')})`);
    }
  });
  if (pod.runAsUser === 0) restricted(`${at}.securityContext.runAsUser`, 'runs as user 0 (root)');

  for (const { container, path } of containersOf(site)) {
    const context = container.securityContext ?? {};
    const field = (name: string) => `${path}.securityContext.${name}`;
    // baseline
    if (context.privileged) baseline(field('privileged'), 'privileged container');
    if (context.windowsOptions?.hostProcess) baseline(field('windowsOptions.hostProcess'), 'runs as a Windows host process');
    const added: string[] = context.capabilities?.add ?? [];
    added.filter((capability) => !BASELINE_CAPABILITIES.has(capability))
      .forEach((capability) => baseline(field('capabilities.add'), `adds capability ${capability}`));
    (container.ports ?? []).forEach((port: any, index: number) => {
      if (port.hostPort) baseline(`${path}.ports[${index}].hostPort`, `host port ${port.hostPort}`);
    });
    checkSeLinux(context.seLinuxOptions, field('seLinuxOptions'), baseline);
    checkSeccompUnconfined(context.seccompProfile, field('seccompProfile'), baseline);
    if (context.appArmorProfile?.type === 'Unconfined') baseline(field('appArmorProfile.type'), 'AppArmor profile Unconfined');
    if (context.procMount !== undefined && context.procMount !== 'Default') baseline(field('procMount'), `procMount ${context.procMount}`);
    // restricted
    if (context.allowPrivilegeEscalation !== false) {
      restricted(field('allowPrivilegeEscalation'), 'must be false');
    }
    const runAsNonRoot = context.runAsNonRoot ?? pod.runAsNonRoot;
    if (runAsNonRoot !== true) {
      restricted(field('runAsNonRoot'), 'must be true (on the container or the pod)');
    }
    if (context.runAsUser === 0) restricted(field('runAsUser'), 'runs as user 0 (root)');
    const seccomp = context.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      restricted(field('seccompProfile.type'), 'must be RuntimeDefault or Localhost (on the container or the pod)');
    }
    const dropped: string[] = context.capabilities?.drop ?? [];
    if (!dropped.includes('ALL')) restricted(field('capabilities.drop'), 'must drop ALL');
    added.filter((capability) => capability !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(capability))
      .forEach((capability) => restricted(field('capabilities.add'), `adds capability ${capability} (restricted allows only NET_BIND_SERVICE)`));
  }
  return violations;
}

function templateAnnotations(site: PodTemplateSite): Record<string, string> | undefined {
  const parts = site.specPath.split('.').slice(0, -1);
  const template = parts.reduce<any>((node, key) => node?.[key], site.object);
  return template?.metadata?.annotations;
}

function checkSeLinux(options: any, field: string, fail: (field: string, message: string) => void): void {
  if (!options) return;
  if (options.type !== undefined && !BASELINE_SELINUX_TYPES.has(options.type)) fail(`${field}.type`, `SELinux type ${options.type}`);
  if (options.user !== undefined) fail(`${field}.user`, 'sets an SELinux user');
  if (options.role !== undefined) fail(`${field}.role`, 'sets an SELinux role');
}

function checkSeccompUnconfined(profile: any, field: string, fail: (field: string, message: string) => void): void {
  if (profile?.type === 'Unconfined') fail(`${field}.type`, 'seccomp profile Unconfined');
}

/** The least level every given violation is allowed by. */
export function requiredLevel(violations: readonly PodSecurityViolation[]): PodSecurityLevel {
  if (violations.some((violation) => violation.level === 'baseline')) return 'privileged';
  if (violations.length > 0) return 'baseline';
  return 'restricted';
}

const RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

export interface PodSecurityFinding {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
}

export interface PodSecurityResult {
  readonly failures: readonly PodSecurityFinding[];
  /** Namespaces whose enforce level is looser than their pods need. */
  readonly warnings: readonly string[];
}

/**
 * Every namespace in the output carries `enforce`, `warn` and `audit` labels with a valid level, and every pod
 * template in such a namespace passes the namespace's `enforce` level. Pods in namespaces hanok does not create
 * (kube-system, default) are left to the cluster's own configuration.
 */
export function checkPodSecurity(entries: readonly ManifestEntry[]): PodSecurityResult {
  const failures: PodSecurityFinding[] = [];
  const levels = new Map<string, PodSecurityLevel>();
  for (const entry of entries) {
    if (entry.object.apiVersion !== 'v1' || entry.object.kind !== 'Namespace') continue;
    const labels = entry.object.metadata.labels ?? {};
    let ok = true;
    for (const mode of MODES) {
      const value = labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`];
      if (!POD_SECURITY_LEVELS.includes(value as PodSecurityLevel)) {
        ok = false;
        failures.push({
          entry,
          field: `metadata.labels.${POD_SECURITY_LABEL_PREFIX}${mode}`,
          message: value === undefined
            ? `missing: every namespace hanok creates states its Pod Security level (expected one of ${POD_SECURITY_LEVELS.join(', ')})`
            : `not a Pod Security level (got ${JSON.stringify(value)}, expected one of ${POD_SECURITY_LEVELS.join(', ')})`,
        });
      }
    }
    if (ok) levels.set(entry.object.metadata.name, labels[`${POD_SECURITY_LABEL_PREFIX}enforce`] as PodSecurityLevel);
  }

  const needed = new Map<string, PodSecurityLevel>();
  const withPods = new Set<string>();
  for (const entry of entries) {
    const site = podTemplateOf(entry.object);
    const namespace = entry.object.metadata.namespace;
    if (!site || namespace === undefined || !levels.has(namespace)) continue;
    withPods.add(namespace);
    const level = levels.get(namespace)!;
    const violations = podSecurityViolations(site);
    const need = requiredLevel(violations);
    if (RANK[need] < RANK[needed.get(namespace) ?? 'restricted']) needed.set(namespace, need);
    if (level === 'privileged') continue;
    for (const violation of violations) {
      if (level === 'baseline' && violation.level === 'restricted') continue;
      failures.push({
        entry,
        field: violation.field,
        message: `${violation.message}: namespace ${namespace} enforces Pod Security level ${level}, so the API server refuses the pod`,
      });
    }
  }

  const warnings: string[] = [];
  for (const [namespace, level] of [...levels].sort(([a], [b]) => a.localeCompare(b))) {
    // A namespace without pods of hanok's is declared for pods others install (its reason says whose).
    if (!withPods.has(namespace)) continue;
    const need = needed.get(namespace) ?? 'restricted';
    if (RANK[level] < RANK[need]) {
      warnings.push(`Namespace ${namespace}: enforces Pod Security level ${level} but every pod in it meets ${need}; raise the level`);
    }
  }
  return { failures, warnings };
}
