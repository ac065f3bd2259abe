/** A listener of the cluster's Gateway that routes attach to (`parentRefs[].sectionName`). */
export interface GatewayListenerRef {
  /** Gateway name. */
  readonly gatewayName: string;
  /** Gateway namespace. */
  readonly gatewayNamespace: string;
  /** Listener name. */
  readonly sectionName: string;
}

export interface IngressFrontendProps {
  /** The IngressClass Ingress objects name. */
  readonly className: string;
  /**
   * The Gateway's plain-HTTP listener that HTTPRoutes attach to.
   * @default - no Gateway: routes are published as Ingress objects of `className`
   */
  readonly httpListener?: GatewayListenerRef;
  /**
   * The Gateway's TLS listener in `Passthrough` mode that TLSRoutes attach to.
   * @default - none: a backend that serves TLS itself is published as an Ingress with the same certificate
   */
  readonly tlsPassthroughListener?: GatewayListenerRef;
}

/**
 * How the cluster's ingress layer publishes a host, as the layers above it see it: through Gateway API routes when
 * the controller serves a Gateway, else through Ingress objects of one IngressClass. Passed as an object so that
 * `AppIngress` picks the route kind and no layer repeats the decision.
 */
export class IngressFrontend {
  public readonly className: string;
  public readonly httpListener?: GatewayListenerRef;
  public readonly tlsPassthroughListener?: GatewayListenerRef;

  constructor(props: IngressFrontendProps) {
    this.className = props.className;
    this.httpListener = props.httpListener;
    this.tlsPassthroughListener = props.tlsPassthroughListener;
  }
}
