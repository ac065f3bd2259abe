import { z } from 'zod';
import { INGRESS_NGINX_CONTROLLER_IMAGE, TRAEFIK_IMAGE } from '../../versions/images';
import { DnsLabel, DnsSubdomain, ImageReference, Ipv4Address, NodePort } from '../fields';

/** The ingress layer: the controller and the HAProxy front end (`spec.ingress`). */

export const IngressLoadBalancerSpec = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .describe(
        'Whether to generate `nodes/haproxy/haproxy.cfg` for an HAProxy host in front of the workers (port 80 to the HTTP NodePort, 443 passed through to the HTTPS NodePort). - defaults to true when serviceType is NodePort, false otherwise.',
      ),
    address: Ipv4Address.optional().describe(
      'IPv4 address of the HAProxy host; it goes into `nodes/hosts`. With two or more control planes and no `spec.controlPlaneEndpoint`, HAProxy also balances the Kubernetes API (port 6443) over the control planes and the API endpoint is this address. - no address: required only in that case.',
    ),
    hostname: DnsLabel.default('haproxy').describe('Host name of the HAProxy host in `nodes/hosts`.'),
  })
  .describe('The HAProxy front end of seed 002 §13.');

export const IngressSpec = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the ingress layer (the ingress controller, its GatewayClass and Gateway) is synthesized.'),
    controller: z
      .enum(['traefik', 'ingress-nginx'])
      .default('traefik')
      .describe(
        'The controller: `traefik` serves Gateway API routes and Ingresses; `ingress-nginx` (retired upstream in March 2026, pinned to its final release v1.15.1, Ingress only) only to adopt an existing install.',
      ),
    className: DnsSubdomain.optional().describe(
      'IngressClass every Ingress of the cluster uses; the controller serves it as the default class. - `traefik`, or `nginx` with ingress-nginx.',
    ),
    serviceType: z
      .enum(['NodePort', 'LoadBalancer'])
      .default('NodePort')
      .describe('How the controller\'s Service is exposed: on NodePorts of every node, or as a LoadBalancer (an address from MetalLB).'),
    httpNodePort: NodePort.default(32334).describe('NodePort of the ingress controller\'s HTTP port.'),
    httpsNodePort: NodePort.default(30570).describe('NodePort of the ingress controller\'s HTTPS port.'),
    controllerImage: ImageReference.optional().describe(
      `Image of the controller. - \`${TRAEFIK_IMAGE}\`, or \`${INGRESS_NGINX_CONTROLLER_IMAGE}\` with ingress-nginx.`,
    ),
    loadBalancer: IngressLoadBalancerSpec.prefault({}),
  })
  .describe('How traffic reaches the cluster\'s Ingresses.');
