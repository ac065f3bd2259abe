import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppService } from './app-service';
import { ComponentIdentity, componentLabels } from './labels';

export interface AppIngressProps extends ComponentIdentity {
  /** Ingress name. */
  readonly name: string;
  /** Host name the Ingress serves. */
  readonly host: string;
  /** IngressClass of the cluster's ingress controller. */
  readonly ingressClassName: string;
  /** The Service every path of the host goes to; the Ingress lives in its namespace. */
  readonly service: AppService;
  /** The Service port traffic goes to; must be one of its ports. */
  readonly port: number;
  /** Controller-specific settings, such as nginx's body size or backend protocol. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An Ingress that publishes one host, all paths, to one port of one Service. */
export class AppIngress extends Construct {
  public readonly name: string;
  public readonly apiObject: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    if (!props.service.ports.some((port) => port.port === props.port)) {
      throw new Error(
        `Ingress '${props.name}': 'port' ${props.port} is not a port of Service '${props.service.name}' (it has ${props.service.ports.map((port) => port.port).join(', ')})`,
      );
    }
    this.name = props.name;
    this.apiObject = new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.service.namespace,
        labels: componentLabels(props),
        annotations: props.annotations ? { ...props.annotations } : undefined,
      },
      spec: {
        ingressClassName: props.ingressClassName,
        rules: [
          {
            host: props.host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: props.service.name, port: { number: props.port } } } }] },
          },
        ],
      },
    });
  }
}
