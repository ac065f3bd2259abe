import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/httproutes-gateway.networking.k8s.io';
import { TlsRoute } from '../../imports/tlsroutes-gateway.networking.k8s.io';
import { AppService } from './app-service';
import { GatewayListenerRef, IngressFrontend } from './ingress-frontend';
import { ComponentIdentity, componentLabels } from './labels';

export interface AppIngressProps extends ComponentIdentity {
  /** Name of the route (HTTPRoute, TLSRoute or Ingress). */
  readonly name: string;
  /** Host name the route serves. */
  readonly host: string;
  /** The cluster's ingress layer: a Gateway to attach routes to, or an IngressClass. */
  readonly frontend: IngressFrontend;
  /** The Service every path of the host goes to; the route lives in its namespace. */
  readonly service: AppService;
  /** The Service port traffic goes to; must be one of its ports. */
  readonly port: number;
  /**
   * What the backend port speaks. `HTTPS`: the backend serves TLS itself, so with a Gateway a TLSRoute on its
   * passthrough listener carries the stream to it encrypted, routed by SNI (clients see the backend's own
   * certificate); with an IngressClass, the Ingress asks ingress-nginx for an HTTPS backend.
   * @default 'HTTP'
   */
  readonly backendProtocol?: 'HTTP' | 'HTTPS';
  /**
   * A `kubernetes.io/tls` Secret in the Service's namespace with which an Ingress terminates TLS for the host,
   * the backend's own certificate, so clients see the same certificate either way. Unused with a Gateway.
   * @default - the Ingress has no `tls` section
   */
  readonly tlsSecretName?: string;
  /** Controller-specific settings of the Ingress object, such as nginx's body size; unused with a Gateway. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Publishes one host, all paths, to one port of one Service: an HTTPRoute (or TLSRoute) on the cluster's Gateway
 * when the ingress layer has one, else an Ingress. Every component that is reached through the ingress uses it, so
 * its route follows the cluster's controller.
 */
export class AppIngress extends Construct {
  public readonly name: string;
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    if (!props.service.ports.some((port) => port.port === props.port)) {
      throw new Error(
        `Ingress '${props.name}': 'port' ${props.port} is not a port of Service '${props.service.name}' (it has ${props.service.ports.map((port) => port.port).join(', ')})`,
      );
    }
    this.name = props.name;
    const metadata = { name: props.name, namespace: props.service.namespace, labels: componentLabels(props) };
    const backendRef = { group: '', kind: 'Service', name: props.service.name, port: props.port };
    const frontend = props.frontend;

    const https = (props.backendProtocol ?? 'HTTP') === 'HTTPS';
    if (props.backendProtocol !== undefined && props.backendProtocol !== 'HTTP' && props.backendProtocol !== 'HTTPS') {
      throw new Error(`Ingress '${props.name}': 'backendProtocol' must be HTTP or HTTPS (got ${JSON.stringify(props.backendProtocol)})`);
    }
    if (https && frontend.httpListener) {
      if (!frontend.tlsPassthroughListener) {
        throw new Error(`Ingress '${props.name}': an HTTPS backend needs a Gateway with a TLS passthrough listener, and 'frontend' has none`);
      }
      this.apiObject = new TlsRoute(this, 'Resource', {
        metadata,
        spec: { parentRefs: [parentRef(frontend.tlsPassthroughListener)], hostnames: [props.host], rules: [{ backendRefs: [backendRef] }] },
      });
      return;
    }
    if (frontend.httpListener) {
      this.apiObject = new HttpRoute(this, 'Resource', {
        metadata,
        spec: {
          parentRefs: [parentRef(frontend.httpListener)],
          hostnames: [props.host],
          rules: [{ matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }], backendRefs: [backendRef] }],
        },
      });
      return;
    }
    const annotations = {
      ...(https ? { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' } : {}),
      ...props.annotations,
    };
    this.apiObject = new k8s.KubeIngress(this, 'Resource', {
      metadata: { ...metadata, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      spec: {
        ingressClassName: frontend.className,
        tls: props.tlsSecretName !== undefined ? [{ hosts: [props.host], secretName: props.tlsSecretName }] : undefined,
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

function parentRef(listener: GatewayListenerRef) {
  return {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: listener.gatewayName,
    namespace: listener.gatewayNamespace,
    sectionName: listener.sectionName,
  };
}
