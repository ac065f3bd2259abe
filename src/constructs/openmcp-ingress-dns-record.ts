import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpingressdnsrecords-openmcp.k8s.io';
import { componentLabels } from './labels';
import { OpenMcpIngress } from './openmcp-ingress';
import { requireIntegerInRange } from '../kube/validate';

export interface OpenMcpIngressDnsRecordProps {
  /** The OpenMCPIngress whose hosts are published; the record takes its name and namespace. */
  readonly ingress: OpenMcpIngress;
  /** TTL of the records, in seconds. @default 300 */
  readonly recordTtl?: number;
}

/**
 * An OpenMCPIngressDNSRecord (seed 001): DNS records in PowerDNS for the hosts of the OpenMCPIngress of the same
 * name, pointing at the ingress controllers of the member clusters that serve it.
 */
export class OpenMcpIngressDnsRecord extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly apiObject: omcp.OpenMcpIngressDnsRecord;

  constructor(scope: Construct, id: string, props: OpenMcpIngressDnsRecordProps) {
    super(scope, id);
    const recordTtl = props.recordTtl ?? 300;
    requireIntegerInRange(`OpenMCPIngressDNSRecord '${props.ingress.name}'`, 'recordTtl', recordTtl, { min: 0, what: 'a whole number of seconds' });
    this.name = props.ingress.name;
    this.namespace = props.ingress.namespace;
    this.apiObject = new omcp.OpenMcpIngressDnsRecord(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: componentLabels({ appName: props.ingress.name, component: 'openmcp-dns-record' }) },
      spec: { recordTtl },
    });
    this.apiObject.node.addDependency(props.ingress.apiObject);
  }
}
