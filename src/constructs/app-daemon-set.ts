import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { componentLabels } from './labels';
import { buildPodTemplate, defaultSelectorLabels, PodTemplateProps } from './pod-template';

export interface AppDaemonSetProps extends PodTemplateProps {
  /** Namespace of the DaemonSet; must exist. */
  readonly namespace: string;
  /**
   * `OnDelete` replaces a node's pod only when it is deleted by hand, for agents whose restart must be scheduled.
   * @default 'RollingUpdate'
   */
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /**
   * With `RollingUpdate`: how many nodes may be without a ready pod during an update, as a count or a percentage.
   * @default - Kubernetes' default (1)
   */
  readonly maxUnavailable?: number | string;
}

/** A DaemonSet (one pod per node) with readable names, a stable selector and hanok's pod defaults. */
export class AppDaemonSet extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The labels the DaemonSet selects its pods by; Services select the same. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly apiObject: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: AppDaemonSetProps) {
    super(scope, id);
    const updateStrategy = props.updateStrategy ?? 'RollingUpdate';
    const maxUnavailable = props.maxUnavailable;
    if (maxUnavailable !== undefined) {
      if (updateStrategy !== 'RollingUpdate') {
        throw new Error(`DaemonSet '${props.name}': 'maxUnavailable' (${maxUnavailable}) applies only to the RollingUpdate strategy (got ${updateStrategy})`);
      }
      const valid = typeof maxUnavailable === 'number'
        ? Number.isInteger(maxUnavailable) && maxUnavailable >= 1
        : /^([1-9]\d?|100)%$/.test(maxUnavailable);
      if (!valid) {
        throw new Error(`DaemonSet '${props.name}': 'maxUnavailable' must be a whole number of at least 1 or a percentage from 1% to 100% (got ${JSON.stringify(maxUnavailable)})`);
      }
    }
    this.name = props.name;
    this.namespace = props.namespace;
    this.selectorLabels = defaultSelectorLabels(props);
    this.apiObject = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: componentLabels(props) },
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        updateStrategy: {
          type: updateStrategy,
          rollingUpdate: maxUnavailable === undefined
            ? undefined
            : {
              maxUnavailable: typeof maxUnavailable === 'number' ? k8s.IntOrString.fromNumber(maxUnavailable) : k8s.IntOrString.fromString(maxUnavailable),
            },
        },
        template: buildPodTemplate(this, `DaemonSet '${props.name}'`, props),
      },
    });
  }
}
