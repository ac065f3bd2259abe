import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { OPENMCP_NAMESPACE } from './openmcp-controller';
import { OpenMcpDeployment } from './openmcp-deployment';
import { OpenMcpDomain } from './openmcp-domain';
import { OpenMcpHybridAutoScaler } from './openmcp-hybrid-auto-scaler';
import { OpenMcpIngress } from './openmcp-ingress';
import { OpenMcpIngressDnsRecord } from './openmcp-ingress-dns-record';
import { OpenMcpService } from './openmcp-service';
import { OpenMcpServiceDnsRecord } from './openmcp-service-dns-record';
import { OPENMCP_EXAMPLE_IMAGE } from '../versions/images';

export interface OpenMcpExampleAppProps {
  /** Namespace of the example on the master and in the members. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** The domain the DNS records publish. @default 'openmcp.service.org' */
  readonly domain?: string;
  /** @default OPENMCP_EXAMPLE_IMAGE */
  readonly image?: string;
  /** Replicas over all members (seed 001 shows 2 in each of cluster1 and cluster2). @default 4 */
  readonly replicas?: number;
}

/**
 * The walkthrough of seed 001 ("OpenMCP EXAMPLE") as typed objects: an nginx OpenMCPDeployment spread over the
 * members, its LoadBalancer OpenMCPService, an OpenMCPIngress for the domain, the OpenMCPDomain with Service and
 * Ingress DNS records, and an OpenMCPHybridAutoScaler on CPU and network traffic (the upstream sample's metrics).
 */
export class OpenMcpExampleApp extends Construct {
  public readonly deployment: OpenMcpDeployment;
  public readonly service: OpenMcpService;
  public readonly ingress: OpenMcpIngress;
  public readonly domain: OpenMcpDomain;
  public readonly autoscaler: OpenMcpHybridAutoScaler;

  constructor(scope: Construct, id: string, props: OpenMcpExampleAppProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? OPENMCP_NAMESPACE;
    const host = props.domain ?? 'openmcp.service.org';
    this.deployment = new OpenMcpDeployment(this, 'Deployment', {
      name: 'openmcp-deployment',
      namespace,
      replicas: props.replicas ?? 4,
      labels: { app: 'openmcp-nginx' },
      containers: [{ name: 'nginx', image: props.image ?? OPENMCP_EXAMPLE_IMAGE, ports: [{ name: 'http', containerPort: 80 }] }],
    });
    this.service = new OpenMcpService(this, 'Service', {
      name: 'openmcp-service',
      target: this.deployment,
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    });
    this.ingress = new OpenMcpIngress(this, 'Ingress', {
      name: 'openmcp-ingress',
      rules: [{ host, paths: [{ service: this.service, path: '/', port: 80 }] }],
    });
    this.domain = new OpenMcpDomain(this, 'Domain', { name: 'openmcp-service-domain', domain: host });
    new OpenMcpServiceDnsRecord(this, 'ServiceDnsRecord', { service: this.service, domain: this.domain, recordTtl: 300 });
    new OpenMcpIngressDnsRecord(this, 'IngressDnsRecord', { ingress: this.ingress, recordTtl: 300 });
    this.autoscaler = new OpenMcpHybridAutoScaler(this, 'Autoscaler', {
      name: 'openmcp-has',
      target: this.deployment,
      minReplicas: 2,
      maxReplicas: 10,
      vpaTemplate: 'Auto',
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
        {
          type: 'Object',
          object: {
            metric: { name: 'NetworkTxUsage' },
            describedObject: { apiVersion: 'v1', kind: 'Pod', name: this.deployment.name },
            target: { type: 'Value', value: k8s.Quantity.fromNumber(100) },
          },
        },
      ],
    });
  }
}
