import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { ResourceProps } from './container';
import { checkIngressControllerSettings, IngressControllerSettings, IngressServiceType } from './ingress-controller-settings';
import { ComponentIdentity, componentLabels } from './labels';

/** What every ingress controller takes; each controller's props say its own defaults for the rest. */
export interface IngressControllerProps {
  /** Namespace of the controller; must exist. @default - the controller's own */
  readonly namespace?: string;
  /** Name of the IngressClass the controller serves. @default - the controller's own */
  readonly ingressClassName?: string;
  /** Mark the IngressClass as the cluster default, so Ingresses without a class are served too. @default true */
  readonly isDefaultClass?: boolean;
  /**
   * How the controller is reached: `NodePort` on every node, or `LoadBalancer` through an address allocator such
   * as MetalLB (client addresses kept with `externalTrafficPolicy: Local`, Ingress status published from the Service).
   * @default 'NodePort'
   */
  readonly serviceType?: IngressServiceType;
  /** NodePort of the HTTP port. @default - assigned by Kubernetes */
  readonly httpNodePort?: number;
  /** NodePort of the HTTPS port. @default - assigned by Kubernetes */
  readonly httpsNodePort?: number;
  /** @default - the controller's pinned image */
  readonly image?: string;
  /** @default 1 */
  readonly replicas?: number;
  /** CPU and memory of the controller container. @default - the controller's own */
  readonly resources?: ResourceProps;
}

/** What tells one ingress controller from another when the shared parts are built. */
export interface IngressControllerIdentity extends ComponentIdentity {
  /** How messages name the controller, e.g. `Traefik`. */
  readonly owner: string;
  /** Namespace when `namespace` is not given. */
  readonly defaultNamespace: string;
  /** IngressClass name when `ingressClassName` is not given; also the example in messages. */
  readonly defaultClassName: string;
  /** The `spec.controller` of the IngressClass. */
  readonly controllerClass: string;
}

/** Where the Service's ports 80 and 443 go: the names of the container ports. */
export interface IngressTargetPorts {
  readonly http: string;
  readonly https: string;
}

/**
 * The parts every ingress controller shares: the settings (class name, Service type, NodePorts) with their
 * checks, the IngressClass that names the controller, and the Service in front of its pods on ports 80 and 443.
 * Each controller builds its own ServiceAccount, RBAC and Deployment, and calls `addIngressClass` and `addService`
 * where its objects are created, so the output keeps each controller's order.
 */
export abstract class IngressController extends Construct implements IngressControllerSettings {
  public readonly namespace: string;
  public readonly ingressClassName: string;
  public readonly serviceType: IngressServiceType;
  public readonly httpNodePort?: number;
  public readonly httpsNodePort?: number;
  public abstract readonly deployment: AppDeployment;
  public abstract readonly service: AppService;
  public abstract readonly ingressClass: k8s.KubeIngressClass;
  /** The application and component of every object of the controller. */
  protected readonly identity: ComponentIdentity;
  /** The labels of every object of the controller. */
  protected readonly labels: Record<string, string>;

  protected constructor(scope: Construct, id: string, private readonly controller: IngressControllerIdentity, private readonly props: IngressControllerProps) {
    super(scope, id);
    this.namespace = props.namespace ?? controller.defaultNamespace;
    this.ingressClassName = props.ingressClassName ?? controller.defaultClassName;
    this.serviceType = props.serviceType ?? 'NodePort';
    this.httpNodePort = props.httpNodePort;
    this.httpsNodePort = props.httpsNodePort;
    checkIngressControllerSettings(controller.owner, this, controller.defaultClassName);
    this.identity = { appName: controller.appName, component: controller.component };
    this.labels = componentLabels(this.identity);
  }

  /** Whether the Service is a LoadBalancer, so its address is worth writing into the Ingresses' status. */
  protected get loadBalanced(): boolean {
    return this.serviceType === 'LoadBalancer';
  }

  /** The IngressClass the controller serves, marked as the cluster default unless `isDefaultClass` is false. */
  protected addIngressClass(): k8s.KubeIngressClass {
    return new k8s.KubeIngressClass(this, 'IngressClass', {
      metadata: {
        name: this.ingressClassName,
        labels: this.labels,
        annotations: (this.props.isDefaultClass ?? true) ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : undefined,
      },
      spec: { controller: this.controller.controllerClass },
    });
  }

  /** The Service named `name` in front of the controller's pods: ports 80 and 443, with the configured NodePorts. */
  protected addService(name: string, target: AppDeployment, targetPorts: IngressTargetPorts): AppService {
    return new AppService(this, 'Service', {
      ...this.identity,
      name,
      target,
      type: this.serviceType,
      externalTrafficPolicy: this.loadBalanced ? 'Local' : undefined,
      ports: [
        { name: 'http', port: 80, targetPort: targetPorts.http, nodePort: this.httpNodePort },
        { name: 'https', port: 443, targetPort: targetPorts.https, nodePort: this.httpsNodePort },
      ],
    });
  }
}
