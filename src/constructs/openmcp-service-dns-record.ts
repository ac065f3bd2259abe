import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpservicednsrecords-openmcp.k8s.io';
import { componentLabels } from './labels';
import { OpenMcpDomain } from './openmcp-domain';
import { OpenMcpService } from './openmcp-service';
import { requireIntegerInRange } from '../kube/validate';

export interface OpenMcpServiceDnsRecordProps {
  /** The OpenMCPService whose LoadBalancer addresses are published; the record takes its name and namespace. */
  readonly service: OpenMcpService;
  /** The domain the records belong to. */
  readonly domain: OpenMcpDomain;
  /** TTL of the records, in seconds. @default 300 */
  readonly recordTtl?: number;
}

/**
 * An OpenMCPServiceDNSRecord (seed 001): DNS records in PowerDNS for the addresses the OpenMCPService of the same
 * name gets in every member cluster, under its OpenMCPDomain.
 */
export class OpenMcpServiceDnsRecord extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly apiObject: omcp.OpenMcpServiceDnsRecord;

  constructor(scope: Construct, id: string, props: OpenMcpServiceDnsRecordProps) {
    super(scope, id);
    const recordTtl = props.recordTtl ?? 300;
    requireIntegerInRange(`OpenMCPServiceDNSRecord '${props.service.name}'`, 'recordTtl', recordTtl, { min: 0, what: 'a whole number of seconds' });
    this.name = props.service.name;
    this.namespace = props.service.namespace;
    this.apiObject = new omcp.OpenMcpServiceDnsRecord(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: componentLabels({ appName: props.service.target.name, component: 'openmcp-dns-record' }) },
      spec: { domainRef: props.domain.name, recordTtl },
    });
    this.apiObject.node.addDependency(props.service.apiObject, props.domain.apiObject);
  }
}
