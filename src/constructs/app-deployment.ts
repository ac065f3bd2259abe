import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { componentLabels } from './labels';
import { buildPodTemplate, defaultSelectorLabels, PodTemplateProps } from './pod-template';
import { requireIntegerInRange } from '../kube/validate';

export interface AppDeploymentProps extends PodTemplateProps {
  readonly namespace: string;
  /** @default 1 */
  readonly replicas?: number;
  /**
   * `Recreate` for single-writer workloads whose old and new pods must not run at once.
   * @default 'RollingUpdate'
   */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
}

/** A Deployment with readable names, a stable selector and hanok's pod defaults. */
export class AppDeployment extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The labels the Deployment selects its pods by; Services select the same. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly apiObject: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: AppDeploymentProps) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    requireIntegerInRange(`Deployment '${props.name}'`, 'replicas', replicas, { min: 0 });
    this.name = props.name;
    this.namespace = props.namespace;
    this.selectorLabels = defaultSelectorLabels(props);
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: componentLabels(props) },
      spec: {
        replicas,
        selector: { matchLabels: { ...this.selectorLabels } },
        strategy: { type: props.strategy ?? 'RollingUpdate' },
        template: buildPodTemplate(this, `Deployment '${props.name}'`, props),
      },
    });
  }
}
