import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpingresses-openmcp.k8s.io';
import { componentLabels } from './labels';
import { OpenMcpService } from './openmcp-service';
import { requireDnsLabel } from '../kube/validate';

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/** A path of a host and the OpenMCPService behind it. */
export interface OpenMcpIngressPath {
  /** The OpenMCPService that serves the path; in the Ingress's namespace. */
  readonly service: OpenMcpService;
  /** URL path prefix. @default '/' */
  readonly path?: string;
  /** Port of the Service, by number or name. @default - the Service's first port */
  readonly port?: number | string;
}

/** Routes of one host. */
export interface OpenMcpIngressRule {
  /** Host name, e.g. openmcp.service.org. */
  readonly host: string;
  readonly paths: readonly OpenMcpIngressPath[];
}

export interface OpenMcpIngressProps {
  /** Name of the OpenMCPIngress and of the Ingress in each member cluster. */
  readonly name: string;
  /** Host rules. */
  readonly rules: readonly OpenMcpIngressRule[];
}

/**
 * An OpenMCPIngress (seed 001, "OpenMCPIngress 배포"): an Ingress created in each member cluster that runs its
 * target Services. Backends name Services by `serviceName`/`servicePort`, the form the v0.0.1 ingress controller
 * reads; the Ingress lives in the namespace of its Services.
 */
export class OpenMcpIngress extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The host names the Ingress serves; an OpenMcpIngressDnsRecord publishes them. */
  public readonly hosts: readonly string[];
  public readonly apiObject: omcp.OpenMcpIngress;

  constructor(scope: Construct, id: string, props: OpenMcpIngressProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPIngress', 'name', props.name, 'a DNS label such as openmcp-ingress');
    const where = `OpenMCPIngress '${props.name}'`;
    if (props.rules.length === 0) {
      throw new Error(`${where}: 'rules' must hold at least one host`);
    }
    const namespaces = new Set(props.rules.flatMap((rule) => rule.paths.map((path) => path.service.namespace)));
    if (namespaces.size > 1) {
      throw new Error(`${where}: every Service must be in one namespace, the Ingress's (got ${[...namespaces].join(', ')})`);
    }
    props.rules.forEach((rule, ruleIndex) => {
      if (!HOST.test(rule.host)) {
        throw new Error(`${where}: 'rules[${ruleIndex}].host' must be a DNS name such as openmcp.service.org (got ${JSON.stringify(rule.host)})`);
      }
      if (rule.paths.length === 0) {
        throw new Error(`${where}: 'rules[${ruleIndex}].paths' must hold at least one path`);
      }
      rule.paths.forEach((path, pathIndex) => {
        if (path.path !== undefined && !path.path.startsWith('/')) {
          throw new Error(`${where}: 'rules[${ruleIndex}].paths[${pathIndex}].path' must start with "/" (got ${JSON.stringify(path.path)})`);
        }
        if (path.port !== undefined && !path.service.ports.some((port) => port.port === path.port || port.name === path.port)) {
          throw new Error(`${where}: 'rules[${ruleIndex}].paths[${pathIndex}].port' ${JSON.stringify(path.port)} is not a port of OpenMCPService '${path.service.name}'`);
        }
      });
    });
    const hosts = props.rules.map((rule) => rule.host);
    const duplicate = hosts.find((host, index) => hosts.indexOf(host) !== index);
    if (duplicate) {
      throw new Error(`${where}: host '${duplicate}' has two rules; put its paths in one`);
    }

    this.name = props.name;
    this.namespace = [...namespaces][0];
    this.hosts = hosts;
    this.apiObject = new omcp.OpenMcpIngress(this, 'Resource', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels({ appName: props.name, component: 'openmcp-ingress' }) },
      spec: {
        template: {
          spec: {
            rules: props.rules.map((rule) => ({
              host: rule.host,
              http: {
                paths: rule.paths.map((path) => {
                  const port = path.port ?? path.service.ports[0].port;
                  return {
                    path: path.path ?? '/',
                    backend: {
                      serviceName: path.service.name,
                      servicePort:
                        typeof port === 'string'
                          ? omcp.OpenMcpIngressSpecTemplateSpecRulesHttpPathsBackendServicePort.fromString(port)
                          : omcp.OpenMcpIngressSpecTemplateSpecRulesHttpPathsBackendServicePort.fromNumber(port),
                    },
                  };
                }),
              },
            })),
          },
        },
      },
    });
    for (const service of new Set(props.rules.flatMap((rule) => rule.paths.map((path) => path.service)))) {
      this.apiObject.node.addDependency(service.apiObject);
    }
  }
}
