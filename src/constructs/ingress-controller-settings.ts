/** How an ingress controller's Service is exposed: on NodePorts of every node, or as a LoadBalancer address. */
export type IngressServiceType = 'NodePort' | 'LoadBalancer';

/** What every ingress controller construct takes and checks the same way. */
export interface IngressControllerSettings {
  readonly ingressClassName: string;
  readonly serviceType: IngressServiceType;
  readonly httpNodePort?: number;
  readonly httpsNodePort?: number;
}

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks an ingress controller's class name, Service type and NodePorts, with messages that name the controller
 * (`owner`, such as `Traefik`) and the prop; `exampleClass` is the class name the message suggests.
 */
export function checkIngressControllerSettings(owner: string, settings: IngressControllerSettings, exampleClass: string): void {
  const { ingressClassName, serviceType, httpNodePort, httpsNodePort } = settings;
  if (!DNS_SUBDOMAIN.test(ingressClassName) || ingressClassName.length > 253) {
    throw new Error(`${owner}: 'ingressClassName' must be a DNS name such as ${exampleClass} (got ${JSON.stringify(ingressClassName)})`);
  }
  if (serviceType !== 'NodePort' && serviceType !== 'LoadBalancer') {
    throw new Error(`${owner}: 'serviceType' must be NodePort or LoadBalancer (got ${JSON.stringify(serviceType)})`);
  }
  for (const [prop, port] of [['httpNodePort', httpNodePort], ['httpsNodePort', httpsNodePort]] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < NODE_PORT_MIN || port > NODE_PORT_MAX)) {
      throw new Error(`${owner}: '${prop}' must be an integer from ${NODE_PORT_MIN} to ${NODE_PORT_MAX} (got ${port})`);
    }
  }
  if (httpNodePort !== undefined && httpNodePort === httpsNodePort) {
    throw new Error(`${owner}: 'httpNodePort' and 'httpsNodePort' must differ (both are ${httpNodePort})`);
  }
}
