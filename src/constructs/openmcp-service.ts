import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpservices-openmcp.k8s.io';
import { componentLabels } from './labels';
import { OpenMcpDeployment } from './openmcp-deployment';
import { requireDnsLabel, requirePort } from '../kube/validate';

/** A port of an OpenMCPService. */
export interface OpenMcpServicePort {
  /** Port name; required when there are several ports. @default - none */
  readonly name?: string;
  /** Port of the Service. */
  readonly port: number;
  /** Container port number or name. @default - the same as `port` */
  readonly targetPort?: number | string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface OpenMcpServiceProps {
  /** Name of the OpenMCPService and of the Service in each member cluster. */
  readonly name: string;
  /** The OpenMCPDeployment whose pods the Services select; the Service lives in its namespace. */
  readonly target: OpenMcpDeployment;
  /** The Service's ports. */
  readonly ports: readonly OpenMcpServicePort[];
  /** @default 'LoadBalancer' - each member's MetalLB gives it an address, which the DNS records publish */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
}

/**
 * An OpenMCPService (seed 001, "OpenMCPService 배포"): a Service created in each member cluster that runs the pods of
 * its target OpenMCPDeployment, selecting them by the deployment's labels (`spec.labelselector`).
 */
export class OpenMcpService extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ports: readonly OpenMcpServicePort[];
  public readonly target: OpenMcpDeployment;
  public readonly apiObject: omcp.OpenMcpService;

  constructor(scope: Construct, id: string, props: OpenMcpServiceProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPService', 'name', props.name, 'a DNS label such as openmcp-service');
    const where = `OpenMCPService '${props.name}'`;
    if (props.ports.length === 0) {
      throw new Error(`${where}: 'ports' must hold at least one port`);
    }
    props.ports.forEach((port, index) => {
      requirePort(where, `ports[${index}].port`, port.port);
      if (props.ports.length > 1 && !port.name) {
        throw new Error(`${where}: 'ports[${index}].name' is required when the Service has several ports`);
      }
      const target = port.targetPort ?? port.port;
      const known = props.target.ports;
      if (known.length > 0 && !known.some((candidate) => candidate.containerPort === target || candidate.name === target)) {
        throw new Error(`${where}: 'ports[${index}].targetPort' ${JSON.stringify(target)} is not a port of OpenMCPDeployment '${props.target.name}' (it has ${known.map((candidate) => candidate.name ?? candidate.containerPort).join(', ')})`);
      }
    });
    const names = props.ports.map((port) => port.name).filter((name): name is string => name !== undefined);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) {
      throw new Error(`${where}: port name '${duplicate}' is used twice`);
    }

    this.name = props.name;
    this.namespace = props.target.namespace;
    this.ports = props.ports;
    this.target = props.target;
    this.apiObject = new omcp.OpenMcpService(this, 'Resource', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels({ appName: props.target.name, component: 'openmcp-service' }) },
      spec: {
        labelselector: { ...props.target.labels },
        template: {
          spec: {
            type: (props.type ?? 'LoadBalancer') as omcp.OpenMcpServiceSpecTemplateSpecType,
            selector: { ...props.target.labels },
            ports: props.ports.map((port) => ({
              name: port.name,
              port: port.port,
              targetPort:
                port.targetPort === undefined
                  ? undefined
                  : typeof port.targetPort === 'string'
                    ? omcp.OpenMcpServiceSpecTemplateSpecPortsTargetPort.fromString(port.targetPort)
                    : omcp.OpenMcpServiceSpecTemplateSpecPortsTargetPort.fromNumber(port.targetPort),
              protocol: (port.protocol ?? 'TCP') as omcp.OpenMcpServiceSpecTemplateSpecPortsProtocol,
            })),
          },
        },
      },
    });
    this.apiObject.node.addDependency(props.target.apiObject);
  }
}
