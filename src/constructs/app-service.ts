import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { ComponentIdentity, componentLabels } from './labels';

/** Something whose pods a Service can select. */
export interface SelectablePods {
  readonly namespace: string;
  readonly selectorLabels: Readonly<Record<string, string>>;
}

export interface AppServicePort {
  /** Port name; required by Kubernetes when a Service has several ports. */
  readonly name: string;
  readonly port: number;
  /** Container port number or name. @default - the same as `port` */
  readonly targetPort?: number | string;
  /** Only for NodePort and LoadBalancer Services. @default - assigned by Kubernetes */
  readonly nodePort?: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface AppServiceProps extends ComponentIdentity {
  /** Service name. */
  readonly name: string;
  /** The pods the Service sends traffic to; the Service lives in their namespace. */
  readonly target: SelectablePods;
  readonly ports: readonly AppServicePort[];
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** @default - Kubernetes' default (`Cluster`) */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Service that selects a workload's pods by the workload's own selector labels. */
export class AppService extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ports: readonly AppServicePort[];
  public readonly apiObject: k8s.KubeService;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const type = props.type ?? 'ClusterIP';
    if (props.ports.length === 0) {
      throw new Error(`Service '${props.name}': 'ports' must hold at least one port`);
    }
    for (const port of props.ports) {
      if (port.nodePort !== undefined && type === 'ClusterIP') {
        throw new Error(`Service '${props.name}': port '${port.name}' sets 'nodePort' (${port.nodePort}) but the Service type is ClusterIP`);
      }
    }
    this.name = props.name;
    this.namespace = props.target.namespace;
    this.ports = props.ports;
    this.apiObject = new k8s.KubeService(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.target.namespace,
        labels: componentLabels(props),
        annotations: props.annotations ? { ...props.annotations } : undefined,
      },
      spec: {
        type,
        externalTrafficPolicy: props.externalTrafficPolicy,
        selector: { ...props.target.selectorLabels },
        ports: props.ports.map((port) => ({
          name: port.name,
          port: port.port,
          targetPort: typeof port.targetPort === 'string' ? k8s.IntOrString.fromString(port.targetPort) : k8s.IntOrString.fromNumber(port.targetPort ?? port.port),
          nodePort: port.nodePort,
          protocol: port.protocol ?? 'TCP',
        })),
      },
    });
  }
}
