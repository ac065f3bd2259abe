import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { buildContainer, ContainerProps } from './container';
import { ComponentIdentity, componentLabels } from './labels';

/** What runs in a workload's pods. Shared by every workload construct. */
export interface PodTemplateProps extends ComponentIdentity {
  /** Name of the workload object. */
  readonly name: string;
  /**
   * Labels that select the pods. They become the workload's immutable selector, so they must never change:
   * keep the upstream labels of a component so that an existing installation is adopted in place.
   * @default { app: <name> }
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** Extra labels on the pods (not part of the selector). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerProps[];
  /** @default - none */
  readonly initContainers?: readonly ContainerProps[];
  /** @default - none */
  readonly volumes?: readonly k8s.Volume[];
  /**
   * ServiceAccount the pods run as.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccountName?: string;
  /**
   * Whether the pods call the Kubernetes API and so need their ServiceAccount token mounted.
   * @default false
   */
  readonly apiAccess?: boolean;
  /** Names of Secrets used to pull images. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** @default - none */
  readonly podSecurityContext?: k8s.PodSecurityContext;
  /** @default - none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default - none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Run in the node's network namespace; the workload must waive the `host-network` policy with a reason. @default false */
  readonly hostNetwork?: boolean;
  /** Share the node's process namespace; the workload must waive the `host-pid` policy with a reason. @default false */
  readonly hostPID?: boolean;
  /** @default - Kubernetes' default (`ClusterFirst`, or `Default` with host networking) */
  readonly dnsPolicy?: string;
  /** @default - none */
  readonly priorityClassName?: string;
  /** @default - Kubernetes' default (30 seconds) */
  readonly terminationGracePeriodSeconds?: number;
}

export function defaultSelectorLabels(props: PodTemplateProps): Record<string, string> {
  return { ...(props.selectorLabels ?? { app: props.name }) };
}

/** Checks the pod props and builds the pod template; `owner` names the workload in error messages. */
export function buildPodTemplate(scope: Construct, owner: string, props: PodTemplateProps): k8s.PodTemplateSpec {
  if (props.containers.length === 0) {
    throw new Error(`${owner}: 'containers' must hold at least one container`);
  }
  const names = [...(props.initContainers ?? []), ...props.containers].map((container) => container.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) {
    throw new Error(`${owner}: container name '${duplicate}' is used twice`);
  }
  const selectorLabels = defaultSelectorLabels(props);
  if (Object.keys(selectorLabels).length === 0) {
    throw new Error(`${owner}: 'selectorLabels' must not be empty`);
  }
  return {
    metadata: {
      labels: { ...Chart.of(scope).labels, ...componentLabels(props), ...props.podLabels, ...selectorLabels },
    },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: props.apiAccess ?? false,
      hostNetwork: props.hostNetwork,
      hostPid: props.hostPID,
      dnsPolicy: props.dnsPolicy,
      priorityClassName: props.priorityClassName,
      securityContext: props.podSecurityContext,
      imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
      nodeSelector: props.nodeSelector ? { ...props.nodeSelector } : undefined,
      tolerations: props.tolerations ? [...props.tolerations] : undefined,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      initContainers: props.initContainers?.map(buildContainer),
      containers: props.containers.map(buildContainer),
      volumes: props.volumes ? [...props.volumes] : undefined,
    },
  };
}
