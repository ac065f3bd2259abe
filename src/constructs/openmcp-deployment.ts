import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcpdeployments-openmcp.k8s.io';
import { isPinnedImage } from '../kube/image-reference';
import { isDnsLabel, isLabelKey } from '../kube/names';
import { componentLabels } from './labels';
import { OPENMCP_NAMESPACE } from './openmcp-controller';
import { requireDnsLabel, requireIntegerInRange } from '../kube/validate';

/** A container of an OpenMCPDeployment: a Kubernetes container with a pinned image. */
export interface OpenMcpContainer {
  /** Container name, unique in the pod. */
  readonly name: string;
  /** Image reference with a tag or digest. */
  readonly image: string;
  /** @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** @default - none */
  readonly args?: readonly string[];
  /** @default - none */
  readonly ports?: readonly k8s.ContainerPort[];
  /** @default - none */
  readonly env?: readonly k8s.EnvVar[];
  /**
   * Requests and limits. Leave them out to let the hybrid autoscaler's `Auto` mode add a VerticalPodAutoscaler.
   * @default - none
   */
  readonly resources?: k8s.ResourceRequirements;
  /** @default - none */
  readonly readinessProbe?: k8s.Probe;
}

export interface OpenMcpDeploymentProps {
  /** Name of the OpenMCPDeployment and of the Deployment in each member cluster. */
  readonly name: string;
  /** The pods' containers. */
  readonly containers: readonly OpenMcpContainer[];
  /** Namespace; must exist on the master and is created in the members. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** Replicas in total; the scheduler spreads them over the member clusters. @default 1 */
  readonly replicas?: number;
  /** Labels of the Deployments and their pods; Services select the pods by them. @default { app: <name> } */
  readonly labels?: Readonly<Record<string, string>>;
  /** Member clusters to use. @default - every joined cluster */
  readonly clusters?: readonly string[];
}

/**
 * An OpenMCPDeployment (seed 001, "OpenMCPDeployment 배포"): a Deployment whose replicas the OpenMCP scheduler spreads
 * over the member clusters, in the shape of the upstream sample (`spec.replicas`, `spec.labels`,
 * `spec.template.spec.template.spec.containers`).
 */
export class OpenMcpDeployment extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The pods' labels; an OpenMcpService selects them. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The container ports, by name and number, for Services to check their target ports against. */
  public readonly ports: readonly k8s.ContainerPort[];
  public readonly apiObject: omcp.OpenMcpDeployment;

  constructor(scope: Construct, id: string, props: OpenMcpDeploymentProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPDeployment', 'name', props.name, 'a DNS label such as openmcp-deployment');
    const where = `OpenMCPDeployment '${props.name}'`;
    const replicas = props.replicas ?? 1;
    requireIntegerInRange(where, 'replicas', replicas, { min: 0 });
    if (props.containers.length === 0) {
      throw new Error(`${where}: 'containers' must hold at least one container`);
    }
    const names = props.containers.map((container) => container.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) {
      throw new Error(`${where}: container name '${duplicate}' is used twice`);
    }
    for (const container of props.containers) {
      if (!isDnsLabel(container.name)) {
        throw new Error(`${where}: container name must be a DNS label (got ${JSON.stringify(container.name)})`);
      }
      if (!isPinnedImage(container.image)) {
        throw new Error(`${where}: container '${container.name}' needs an image pinned to a tag or digest other than latest (got ${JSON.stringify(container.image)})`);
      }
    }
    const labels = props.labels ?? { app: props.name };
    if (Object.keys(labels).length === 0) {
      throw new Error(`${where}: 'labels' must not be empty: Services select the pods by them`);
    }
    const badKey = Object.keys(labels).find((key) => !isLabelKey(key));
    if (badKey !== undefined) {
      throw new Error(`${where}: 'labels' has a key that is not a valid label key (got ${JSON.stringify(badKey)})`);
    }
    const badCluster = (props.clusters ?? []).find((cluster) => !isDnsLabel(cluster));
    if (badCluster !== undefined) {
      throw new Error(`${where}: 'clusters' must hold cluster names (got ${JSON.stringify(badCluster)})`);
    }

    this.name = props.name;
    this.namespace = props.namespace ?? OPENMCP_NAMESPACE;
    this.labels = { ...labels };
    this.ports = props.containers.flatMap((container) => container.ports ?? []);
    this.apiObject = new omcp.OpenMcpDeployment(this, 'Resource', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels({ appName: props.name, component: 'openmcp-deployment' }) },
      spec: {
        replicas,
        labels: { ...labels },
        clusters: props.clusters ? [...props.clusters] : undefined,
        template: {
          spec: {
            template: {
              spec: {
                containers: props.containers.map((container) => ({
                  name: container.name,
                  image: container.image,
                  command: container.command ? [...container.command] : undefined,
                  args: container.args ? [...container.args] : undefined,
                  ports: container.ports?.map((port) => k8s.toJson_ContainerPort(port)),
                  env: container.env?.map((variable) => k8s.toJson_EnvVar(variable)),
                  resources: container.resources ? k8s.toJson_ResourceRequirements(container.resources) : undefined,
                  readinessProbe: container.readinessProbe ? k8s.toJson_Probe(container.readinessProbe) : undefined,
                })),
              },
            },
          },
        },
      },
    });
  }
}
