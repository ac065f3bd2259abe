import { Construct } from 'constructs';
import { DeepReadonly, ResolvedIngressConfig } from '../config/cluster';
import { NodeConfig } from '../config/schema';
import { ClusterGateway } from '../constructs/cluster-gateway';
import { CustomResourceDefinitions } from '../constructs/custom-resource-definitions';
import { HaproxyConfig } from '../constructs/haproxy-config';
import { IngressFrontend } from '../constructs/ingress-frontend';
import { INGRESS_NGINX_NAMESPACE, IngressNginxController } from '../constructs/ingress-nginx-controller';
import { SynthWarning } from '../constructs/synth-warning';
import { TRAEFIK_ENTRY_POINTS, TRAEFIK_GATEWAY_CONTROLLER, TRAEFIK_NAMESPACE, TraefikController } from '../constructs/traefik-controller';
import { HanokChart } from './hanok-chart';

export interface IngressChartProps {
  /** The resolved section: its IngressClass and whether the HAProxy front end is generated are decided. */
  readonly ingress: DeepReadonly<ResolvedIngressConfig>;
  /** The cluster's nodes; the HAProxy front end forwards to the workers among them. */
  readonly nodes: ReadonlyArray<DeepReadonly<NodeConfig>>;
  /**
   * Control planes whose API HAProxy balances on port 6443 (a cluster with several control planes whose endpoint
   * is the HAProxy host).
   * @default [] - HAProxy fronts the ingress only
   */
  readonly apiServers?: ReadonlyArray<{ readonly name: string; readonly ip: string }>;
}

/**
 * Ingress layer (seed 002 §12–13). By default Traefik v3.7 with the Gateway API v1.5 standard-channel CRDs, the
 * cluster's GatewayClass and Gateway (HTTP and TLS-passthrough listeners) and the default IngressClass, on fixed
 * NodePorts (or a LoadBalancer address); `controller: ingress-nginx` adopts an existing ingress-nginx install
 * (Ingress objects only, retired upstream). Either way the HAProxy front end spreads ports 80 and 443 over the workers.
 */
export class IngressChart extends HanokChart {
  /** How the layers above publish their hosts. */
  public readonly frontend: IngressFrontend;
  /** The IngressClass every Ingress of the cluster names. */
  public readonly ingressClassName: string;
  public readonly controller: TraefikController | IngressNginxController;
  public readonly gateway?: ClusterGateway;
  /** The HAProxy front end, when one is generated. */
  public readonly haproxy?: HaproxyConfig;

  constructor(scope: Construct, id: string, props: IngressChartProps) {
    super(scope, id, { layer: 'ingress' });
    const ingress = props.ingress;
    const common = {
      ingressClassName: ingress.className,
      serviceType: ingress.serviceType,
      httpNodePort: ingress.httpNodePort,
      httpsNodePort: ingress.httpsNodePort,
      image: ingress.controllerImage,
    };
    if (ingress.controller === 'ingress-nginx') {
      this.addNamespace(INGRESS_NGINX_NAMESPACE);
      this.controller = new IngressNginxController(this, 'Controller', { namespace: INGRESS_NGINX_NAMESPACE, ...common });
      new SynthWarning(this, 'IngressNginxRetired', {
        message:
          'spec.ingress.controller is ingress-nginx, which is retired: Kubernetes SIG Network ended its maintenance in March 2026 and publishes no ' +
          'releases or security fixes after v1.15.1 (pinned here). Use it only to adopt an existing install and move to the default traefik ' +
          '(Gateway API and Ingress).',
      });
      this.frontend = new IngressFrontend({ className: this.controller.ingressClassName });
    } else {
      this.addNamespace(TRAEFIK_NAMESPACE);
      new CustomResourceDefinitions(this, 'GatewayApiCrds', { directory: 'gateway-api', appName: 'gateway-api' });
      this.controller = new TraefikController(this, 'Controller', { namespace: TRAEFIK_NAMESPACE, ...common });
      this.gateway = new ClusterGateway(this, 'Gateway', {
        namespace: TRAEFIK_NAMESPACE,
        className: 'traefik',
        controllerName: TRAEFIK_GATEWAY_CONTROLLER,
        httpPort: TRAEFIK_ENTRY_POINTS.web,
        tlsPort: TRAEFIK_ENTRY_POINTS.websecure,
      });
      this.frontend = new IngressFrontend({
        className: this.controller.ingressClassName,
        httpListener: this.gateway.httpListener,
        tlsPassthroughListener: this.gateway.tlsPassthroughListener,
      });
    }
    this.ingressClassName = this.controller.ingressClassName;

    if (ingress.loadBalancer.enabled) {
      const workers = props.nodes.filter((node) => node.roles.includes('worker'));
      this.haproxy = new HaproxyConfig(this, 'Haproxy', {
        servers: (workers.length > 0 ? workers : props.nodes).map((node) => ({ name: node.name, address: node.ip })),
        httpNodePort: ingress.httpNodePort,
        httpsNodePort: ingress.httpsNodePort,
        apiServers: (props.apiServers ?? []).map((node) => ({ name: node.name, address: node.ip })),
        description: 'HAProxy front end of the ingress (seed 002 §13): install as /etc/haproxy/haproxy.cfg on the load-balancer host.',
      });
    }
  }
}
