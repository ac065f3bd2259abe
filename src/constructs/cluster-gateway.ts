import { Construct } from 'constructs';
import { GatewayClass } from '../../imports/gatewayclasses-gateway.networking.k8s.io';
import { Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode } from '../../imports/gateways-gateway.networking.k8s.io';
import { GatewayListenerRef } from './ingress-frontend';
import { componentLabels } from './labels';
import { requireIntegerInRange } from '../kube/validate';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export interface ClusterGatewayProps {
  /** Namespace of the Gateway, the controller's; must exist. */
  readonly namespace: string;
  /** Name of the GatewayClass, cluster-wide. */
  readonly className: string;
  /** The controller that implements the class (`spec.controllerName`), e.g. `traefik.io/gateway-controller`. */
  readonly controllerName: string;
  /** Port of the controller's plain-HTTP entry point; the `http` listener must use it. */
  readonly httpPort: number;
  /** Port of the controller's TLS entry point; the `tls-passthrough` listener must use it. */
  readonly tlsPort: number;
  /** @default 'cluster-gateway' */
  readonly name?: string;
}

const LISTENER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The cluster's GatewayClass and its one Gateway. Two listeners, reached through the controller's NodePorts (and
 * HAProxy in front): `http` for HTTPRoutes of every namespace, and `tls-passthrough`, where TLSRoutes select a
 * backend by SNI and the TLS stream reaches it untouched, so a backend such as the registry keeps its own
 * certificate end to end.
 */
export class ClusterGateway extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly httpListener: GatewayListenerRef;
  public readonly tlsPassthroughListener: GatewayListenerRef;
  public readonly gatewayClass: GatewayClass;
  public readonly gateway: Gateway;

  constructor(scope: Construct, id: string, props: ClusterGatewayProps) {
    super(scope, id);
    this.name = props.name ?? 'cluster-gateway';
    this.namespace = props.namespace;
    if (!LISTENER_NAME.test(this.name)) {
      throw new Error(`ClusterGateway: 'name' must be a DNS label such as cluster-gateway (got ${JSON.stringify(this.name)})`);
    }
    for (const [prop, port] of [['httpPort', props.httpPort], ['tlsPort', props.tlsPort]] as const) {
      requireIntegerInRange('ClusterGateway', prop, port, { min: 1, max: 65535, what: 'a port' });
    }
    if (props.httpPort === props.tlsPort) {
      throw new Error(`ClusterGateway: 'httpPort' and 'tlsPort' must differ (both are ${props.httpPort})`);
    }
    const labels = componentLabels({ appName: 'gateway-api', component: 'gateway' });
    this.gatewayClass = new GatewayClass(this, 'Class', {
      metadata: { name: props.className, labels },
      spec: { controllerName: props.controllerName, description: 'hanok cluster ingress' },
    });
    const everyNamespace = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL } };
    this.gateway = new Gateway(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        gatewayClassName: props.className,
        listeners: [
          { name: 'http', protocol: 'HTTP', port: props.httpPort, allowedRoutes: { ...everyNamespace, kinds: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }] } },
          {
            name: 'tls-passthrough',
            protocol: 'TLS',
            port: props.tlsPort,
            tls: { mode: GatewaySpecListenersTlsMode.PASSTHROUGH },
            allowedRoutes: { ...everyNamespace, kinds: [{ group: GATEWAY_API_GROUP, kind: 'TLSRoute' }] },
          },
        ],
      },
    });
    this.httpListener = { gatewayName: this.name, gatewayNamespace: this.namespace, sectionName: 'http' };
    this.tlsPassthroughListener = { gatewayName: this.name, gatewayNamespace: this.namespace, sectionName: 'tls-passthrough' };
  }
}
