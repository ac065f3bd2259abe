import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';

/** CPU and memory for one container. Every container gets requests and a memory limit (a policy check enforces it). */
export interface ResourceProps {
  /** CPU request, e.g. `100m`. */
  readonly cpu: string;
  /** Memory request, e.g. `128Mi`. */
  readonly memory: string;
  /**
   * Memory limit.
   * @default - the memory request, so the container is never killed for using what it asked for
   */
  readonly memoryLimit?: string;
  /**
   * CPU limit.
   * @default - none; CPU limits throttle latency-sensitive servers and are rarely what is wanted
   */
  readonly cpuLimit?: string;
}

/** A container, as Kubernetes defines it, with the fields hanok requires made mandatory. */
export interface ContainerProps extends Omit<k8s.Container, 'resources' | 'image'> {
  readonly image: string;
  readonly resources: ResourceProps;
}

/**
 * The security context every hanok container starts from: no privilege escalation, no capabilities, a read-only
 * root file system, a non-root user and the runtime's seccomp profile. A container relaxes it explicitly.
 */
export const RESTRICTED_SECURITY_CONTEXT: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * For the few images that must run as root (they write to NFS exports with no_root_squash, or to host
 * directories owned by root): root, but otherwise as restricted as RESTRICTED_SECURITY_CONTEXT.
 */
export const ROOT_WITHOUT_CAPABILITIES: k8s.SecurityContext = { ...RESTRICTED_SECURITY_CONTEXT, runAsNonRoot: false, runAsUser: 0 };

export function resourceRequirements(resources: ResourceProps): k8s.ResourceRequirements {
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(resources.memoryLimit ?? resources.memory) };
  if (resources.cpuLimit) {
    limits.cpu = k8s.Quantity.fromString(resources.cpuLimit);
  }
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memory) },
    limits,
  };
}

/**
 * Builds a container with hanok's defaults: `imagePullPolicy: IfNotPresent` (air-gapped nodes cannot pull on every
 * start) and the restricted security context.
 */
export function buildContainer(props: ContainerProps): k8s.Container {
  const { resources, securityContext, imagePullPolicy, ...rest } = props;
  return {
    ...rest,
    imagePullPolicy: imagePullPolicy ?? 'IfNotPresent',
    resources: resourceRequirements(resources),
    securityContext: securityContext ?? RESTRICTED_SECURITY_CONTEXT,
  };
}

/** A writable /tmp for a container whose root file system is read-only: mount it with the volume below. */
export const TMP_MOUNT: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };

/** The emptyDir volume TMP_MOUNT names. */
export const TMP_VOLUME: k8s.Volume = { name: 'tmp', emptyDir: {} };
