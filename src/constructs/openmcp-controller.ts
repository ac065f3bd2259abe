import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, ResourceProps, TMP_MOUNT, TMP_VOLUME } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { waivePolicy } from './policy-waiver';
import { OPENMCP_CONTROLLERS, OpenMcpControllerName } from '../versions/component-options';
import { OPENMCP_CONTROLLER_IMAGES } from '../versions/images';

/** Upstream's namespace of every OpenMCP component, on the master and on members. */
export const OPENMCP_NAMESPACE = 'openmcp';

/**
 * The user the controllers run as: operator-sdk's image layout (`USER 1001`), which the OpenMCP controllers were
 * scaffolded with. Set explicitly so the kubelet can check runAsNonRoot whatever the image declares.
 */
export const OPENMCP_CONTROLLER_UID = 1001;

/** Tolerations of every upstream controller: leave a failed node at once instead of after five minutes. */
export const OPENMCP_TOLERATIONS: readonly k8s.Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', tolerationSeconds: 0 },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', tolerationSeconds: 0 },
];

/** The port a controller serves. */
export interface OpenMcpControllerPort {
  /** Port name, e.g. `grpc` or `http`. */
  readonly name: string;
  /** Container port number. */
  readonly containerPort: number;
}

/** The Service in front of a controller's port. */
export interface OpenMcpControllerService {
  /** `NodePort` or `LoadBalancer` (an address from MetalLB, and a NodePort as well). */
  readonly type: 'NodePort' | 'LoadBalancer';
  /** Service port. @default - the container port */
  readonly port?: number;
  /** The fixed NodePort. */
  readonly nodePort: number;
  /** @default - Kubernetes' default (`Cluster`) */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** Service annotations, e.g. MetalLB's `metallb.universe.tf/loadBalancerIPs`. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Secret mounted read-only into the controller. */
export interface OpenMcpSecretMount {
  /** Volume name. */
  readonly name: string;
  /** The Secret; must exist or be supplied in the controller's namespace. */
  readonly secretName: string;
  /** Directory the keys appear in. */
  readonly mountPath: string;
  /** File name for each key the program reads under another name, e.g. `{ 'tls.crt': 'server.crt' }`. @default - every key under its own name */
  readonly files?: Readonly<Record<string, string>>;
}

export interface OpenMcpControllerProps {
  /** Which controller; names its Deployment, ServiceAccount, container, command and `name` label. */
  readonly controller: OpenMcpControllerName;
  /** Namespace; must exist. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** @default - OPENMCP_CONTROLLER_IMAGES[controller] */
  readonly image?: string;
  /** Settings beyond the common WATCH_NAMESPACE, POD_NAME and OPERATOR_NAME. @default - none */
  readonly env?: readonly k8s.EnvVar[];
  /**
   * The port the controller serves; it gets TCP readiness and liveness probes. Ports below 1024 are opened to the
   * non-root user with the namespaced sysctl `net.ipv4.ip_unprivileged_port_start`.
   * @default - none: the controller only talks to the Kubernetes API, and its readiness probe is waived
   */
  readonly port?: OpenMcpControllerPort;
  /** A Service for `port`. @default - none */
  readonly service?: OpenMcpControllerService;
  /** Secrets mounted into the container. @default - none */
  readonly secretMounts?: readonly OpenMcpSecretMount[];
  /** Names of image pull Secrets. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** @default { cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' } */
  readonly resources?: ResourceProps;
  /** @default OPENMCP_CONTROLLER_UID */
  readonly runAsUser?: number;
}

/**
 * One OpenMCP controller as upstream deploys it (install_openmcp/master/<controller>/operator.yaml): a ServiceAccount
 * and a one-replica Deployment named like the controller, selected by `name: <controller>`, running the command of
 * the same name with the common operator environment and the not-ready/unreachable tolerations. Unlike upstream it
 * pulls `IfNotPresent`, runs as a non-root user with a read-only root file system, and has resources and probes.
 * Its permissions come from OpenMcpControllerRbac.
 */
export class OpenMcpController extends Construct {
  public readonly controller: OpenMcpControllerName;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly image: string;
  public readonly deployment: AppDeployment;
  public readonly service?: AppService;

  constructor(scope: Construct, id: string, props: OpenMcpControllerProps) {
    super(scope, id);
    const controller = props.controller;
    if (!OPENMCP_CONTROLLERS.includes(controller)) {
      throw new Error(`OpenMCP controller: 'controller' must be one of ${OPENMCP_CONTROLLERS.join(', ')} (got ${JSON.stringify(controller)})`);
    }
    const where = `OpenMCP controller '${controller}'`;
    const port = props.port;
    if (port && (!Number.isInteger(port.containerPort) || port.containerPort < 1 || port.containerPort > 65535)) {
      throw new Error(`${where}: 'port.containerPort' must be a port number from 1 to 65535 (got ${port.containerPort})`);
    }
    if (props.service && !port) {
      throw new Error(`${where}: 'service' needs 'port', the container port it forwards to`);
    }
    const reserved = ['WATCH_NAMESPACE', 'POD_NAME', 'OPERATOR_NAME'];
    const names = (props.env ?? []).map((variable) => variable.name);
    const clash = names.find((name, index) => reserved.includes(name) || names.indexOf(name) !== index);
    if (clash) {
      throw new Error(`${where}: 'env' sets ${clash} twice or overrides a common variable (${reserved.join(', ')} are set for every controller)`);
    }

    this.controller = controller;
    this.namespace = props.namespace ?? OPENMCP_NAMESPACE;
    this.serviceAccountName = controller;
    this.image = props.image ?? OPENMCP_CONTROLLER_IMAGES[controller];
    const identity: ComponentIdentity = { appName: controller, component: 'controller' };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace: this.namespace, labels: componentLabels(identity) },
    });

    const probe: k8s.Probe | undefined = port
      ? { tcpSocket: { port: k8s.IntOrString.fromString(port.name) }, periodSeconds: 10, failureThreshold: 3 }
      : undefined;
    const mounts = props.secretMounts ?? [];
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: controller,
      namespace: this.namespace,
      selectorLabels: { name: controller },
      serviceAccountName: this.serviceAccountName,
      apiAccess: true,
      imagePullSecrets: props.imagePullSecrets,
      tolerations: OPENMCP_TOLERATIONS,
      podSecurityContext: port && port.containerPort < 1024 ? { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } : undefined,
      containers: [
        {
          name: controller,
          image: this.image,
          command: [controller],
          env: [
            { name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'OPERATOR_NAME', value: controller },
            ...(props.env ?? []),
          ],
          ports: port ? [{ name: port.name, containerPort: port.containerPort, protocol: 'TCP' }] : undefined,
          readinessProbe: probe,
          livenessProbe: probe ? { ...probe, initialDelaySeconds: 15, failureThreshold: 6 } : undefined,
          resources: props.resources ?? { cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: props.runAsUser ?? OPENMCP_CONTROLLER_UID },
          volumeMounts: [
            TMP_MOUNT,
            ...mounts.map((mount) => ({ name: mount.name, mountPath: mount.mountPath, readOnly: true })),
          ],
        },
      ],
      // The controllers log through klog/glog, which may write files under /tmp.
      volumes: [
        TMP_VOLUME,
        ...mounts.map((mount) => ({
          name: mount.name,
          secret: {
            secretName: mount.secretName,
            items: mount.files ? Object.keys(mount.files).sort().map((key) => ({ key, path: mount.files![key] })) : undefined,
          },
        })),
      ],
    });
    if (!port) {
      waivePolicy(
        this.deployment.apiObject,
        'readiness-probe',
        `${controller} reconciles OpenMCP objects through the Kubernetes API and serves no port a probe could check`,
      );
    }

    if (props.service && port) {
      this.service = new AppService(this, 'Service', {
        ...identity,
        name: controller,
        target: this.deployment,
        type: props.service.type,
        externalTrafficPolicy: props.service.externalTrafficPolicy,
        annotations: props.service.annotations,
        ports: [{ name: port.name, port: props.service.port ?? port.containerPort, targetPort: port.name, nodePort: props.service.nodePort }],
      });
    }
  }
}
