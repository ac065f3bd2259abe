import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpdomains-openmcp.k8s.io';
import { componentLabels } from './labels';
import { requireDnsLabel } from '../kube/validate';

/** The namespace of kubefed's controller manager, where OpenMCP keeps its domains. */
export const KUBEFED_NAMESPACE = 'kube-federation-system';

const DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

export interface OpenMcpDomainProps {
  /** Name of the OpenMCPDomain; DNS records refer to it. */
  readonly name: string;
  /** The domain or subdomain PowerDNS serves, e.g. openmcp.service.org. */
  readonly domain: string;
  /** @default KUBEFED_NAMESPACE */
  readonly namespace?: string;
}

/**
 * An OpenMCPDomain (seed 001, "OpenMCPDomain ... 배포"): a domain PowerDNS serves for the federation. Upstream keeps
 * it in the namespace of kubefed's controller manager, with `domain` at the top level rather than in a spec.
 */
export class OpenMcpDomain extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly domain: string;
  public readonly apiObject: omcp.OpenMcpDomain;

  constructor(scope: Construct, id: string, props: OpenMcpDomainProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPDomain', 'name', props.name, 'a DNS label such as openmcp-service-domain');
    if (!DOMAIN.test(props.domain) || props.domain.length > 253) {
      throw new Error(`OpenMCPDomain '${props.name}': 'domain' must be a DNS name with at least two labels, such as openmcp.service.org (got ${JSON.stringify(props.domain)})`);
    }
    this.name = props.name;
    this.namespace = props.namespace ?? KUBEFED_NAMESPACE;
    this.domain = props.domain;
    this.apiObject = new omcp.OpenMcpDomain(this, 'Resource', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels({ appName: props.name, component: 'openmcp-domain' }) },
      domain: props.domain,
    });
  }
}
