import { Construct } from 'constructs';
import { DeepReadonly } from '../src/config/cluster';
import { IngressConfig, NodeConfig } from '../src/config/schema';
import { isHaproxyEnabled } from '../src/config/api-endpoint';
import { HaproxyConfig } from '../src/constructs/haproxy-config';
import { INGRESS_NGINX_NAMESPACE, IngressNginxController } from '../src/constructs/ingress-nginx-controller';
import { HanokChart } from './hanok-chart';

export interface IngressChartProps {
  readonly ingress: DeepReadonly<IngressConfig>;
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
 * Ingress layer (seed 002 §12–13): the ingress-nginx controller serving the cluster's default IngressClass on fixed
 * NodePorts (or a LoadBalancer address), and the HAProxy front end that spreads ports 80 and 443 over the workers.
 */
export class IngressChart extends HanokChart {
  public readonly controller: IngressNginxController;
  /** The IngressClass every Ingress of the cluster names. */
  public readonly ingressClassName: string;
  /** The HAProxy front end, when one is generated. */
  public readonly haproxy?: HaproxyConfig;

  constructor(scope: Construct, id: string, props: IngressChartProps) {
    super(scope, id, { layer: 'ingress' });
    const ingress = props.ingress;
    this.addNamespace(INGRESS_NGINX_NAMESPACE);
    this.controller = new IngressNginxController(this, 'Controller', {
      namespace: INGRESS_NGINX_NAMESPACE,
      ingressClassName: ingress.className,
      serviceType: ingress.serviceType,
      httpNodePort: ingress.httpNodePort,
      httpsNodePort: ingress.httpsNodePort,
      image: ingress.controllerImage,
    });
    this.ingressClassName = this.controller.ingressClassName;

    if (isHaproxyEnabled(ingress)) {
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
