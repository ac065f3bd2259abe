import { JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { RESTRICTED_SECURITY_CONTEXT, ResourceProps, TMP_MOUNT, TMP_VOLUME } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { PrivateRegistry } from './private-registry';
import { OPENFX_FUNCTION_PORT, OPENFX_RUNTIMES, OpenFxRuntime } from '../versions/component-options';
import { OPENFX_WATCHER_IMAGE } from '../versions/images';
import { requireIntegerInRange } from '../kube/validate';

/**
 * The function mesh port: every executor also listens on `MESH_PORT` (default 50052, executor/go/server.go), and a
 * function calls another at `<function>.openfx-fn:50052` (executor/go/mesh/mesh.go). The gateway's own
 * makeServiceSpec (cmd/deploy.go) exposes both ports as `fxwatcher` and `fxmesh`; without the second,
 * function-to-function calls fail.
 */
export const OPENFX_MESH_PORT = 50052;

/** The label the gateway selects function Deployments, pods and Services by (upstream service/deploy.go, list.go). */
export const OPENFX_FUNCTION_LABEL = 'openfx_fn';

/** The user function pods run as: the executor images declare no user, so they would otherwise run as root. */
const FUNCTION_UID = 65534;
const FUNCTION_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface OpenFxFunctionProps {
  /** Function name: names the Deployment, its container, the Service and the autoscaler; the gateway invokes it by it. */
  readonly name: string;
  /** Executor runtime; must be one of `offeredRuntimes`. */
  readonly runtime: OpenFxRuntime;
  /** The registry the image is pulled from, with its pull Secret. */
  readonly registry: PrivateRegistry;
  /**
   * The namespace the gateway deploys functions to (its `FUNCTION_NAMESPACE`); must exist.
   * @default 'openfx-fn'
   */
  readonly namespace?: string;
  /**
   * The function's image, built on the runtime's executor image.
   * @default - the registry's `fxwatcher:0.1.0-<runtime>`
   */
  readonly image?: string;
  /**
   * The runtimes the cluster offers.
   * @default OPENFX_RUNTIMES
   */
  readonly offeredRuntimes?: readonly OpenFxRuntime[];
  /**
   * Environment of the function, as the gateway's deploy request passes it. `PORT` is reserved: the gateway
   * always dials port 50051.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * CPU and memory of each replica; the CPU request is what the autoscaler's target is measured against.
   * @default { cpu: '100m', memory: '128Mi' }
   */
  readonly resources?: ResourceProps;
  /** @default 1 */
  readonly minReplicas?: number;
  /** @default 20 - the gateway's own default (`scale_max`) */
  readonly maxReplicas?: number;
  /**
   * Average CPU use, in percent of the CPU request, the autoscaler keeps the replicas at.
   * @default 50
   */
  readonly targetCpuUtilization?: number;
}

/**
 * An OpenFx function as the gateway would deploy it (upstream service/deploy.go): a Deployment and a ClusterIP
 * Service named after the function in the function namespace, selected by `openfx_fn: <name>`, serving gRPC on port
 * 50051, plus a CPU HorizontalPodAutoscaler (autoscaling/v2). Declaring functions this way keeps them in git; the
 * gateway lists, invokes and scales them like its own.
 */
export class OpenFxFunction extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly runtime: OpenFxRuntime;
  public readonly image: string;
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly autoscaler: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: OpenFxFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? 'openfx-fn';
    this.runtime = props.runtime;
    const owner = `OpenFx function '${props.name}'`;
    const offered = props.offeredRuntimes ?? OPENFX_RUNTIMES;
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? 20;
    const target = props.targetCpuUtilization ?? 50;
    const env = props.env ?? {};

    // A Service name is an RFC 1035 label: it must start with a letter.
    if (!FUNCTION_NAME.test(props.name) || props.name.length > 63) {
      throw new Error(`${owner}: 'name' must be a DNS label starting with a letter, at most 63 characters (got ${JSON.stringify(props.name)})`);
    }
    if (!offered.includes(props.runtime)) {
      throw new Error(`${owner}: 'runtime' ${JSON.stringify(props.runtime)} is not offered (expected one of ${offered.join(', ')})`);
    }
    requireIntegerInRange(owner, 'minReplicas', minReplicas, { min: 1 });
    if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
      throw new Error(`${owner}: 'maxReplicas' (${maxReplicas}) must be a whole number of at least 'minReplicas' (${minReplicas})`);
    }
    requireIntegerInRange(owner, 'targetCpuUtilization', target, { min: 1, max: 100, what: 'a whole percentage' });
    for (const key of Object.keys(env)) {
      if (!ENV_NAME.test(key)) {
        throw new Error(`${owner}: 'env' name ${JSON.stringify(key)} must be letters, digits and '_', not starting with a digit`);
      }
      if (key === 'PORT') {
        throw new Error(`${owner}: 'env' must not set PORT: the gateway always dials port ${OPENFX_FUNCTION_PORT}`);
      }
      if (key === 'MESH_PORT') {
        throw new Error(`${owner}: 'env' must not set MESH_PORT: other functions always call port ${OPENFX_MESH_PORT}`);
      }
    }
    this.image = props.image ?? props.registry.image(OPENFX_WATCHER_IMAGE.repository, `${OPENFX_WATCHER_IMAGE.tag}-${props.runtime}`);

    const identity: ComponentIdentity = { appName: props.name, component: 'openfx-function' };
    const selectorLabels = { [OPENFX_FUNCTION_LABEL]: props.name };
    const probe: k8s.Probe = { tcpSocket: { port: k8s.IntOrString.fromString('grpc') } };
    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: props.name,
      namespace: this.namespace,
      selectorLabels,
      imagePullSecrets: props.registry.pullSecretsIn(this, this.namespace),
      containers: [
        {
          name: props.name,
          image: this.image,
          ports: [
            { name: 'grpc', containerPort: OPENFX_FUNCTION_PORT, protocol: 'TCP' },
            { name: 'fxmesh', containerPort: OPENFX_MESH_PORT, protocol: 'TCP' },
          ],
          env: Object.keys(env).length > 0 ? Object.keys(env).sort().map((name) => ({ name, value: env[name] })) : undefined,
          // gRPC only: a TCP check is what every runtime answers.
          readinessProbe: { ...probe, initialDelaySeconds: 3, periodSeconds: 10 },
          livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 },
          resources: props.resources ?? { cpu: '100m', memory: '128Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: FUNCTION_UID, runAsGroup: FUNCTION_UID },
          // The executors write a lock file to /tmp when they are up.
          volumeMounts: [TMP_MOUNT],
        },
      ],
      volumes: [TMP_VOLUME],
    });
    // The gateway lists functions by this label on the Deployment itself (extensions/v1beta1 copied it from the pods).
    this.deployment.apiObject.metadata.addLabel(OPENFX_FUNCTION_LABEL, props.name);
    // The autoscaler owns the replica count; a count in the manifest would reset it on every apply.
    this.deployment.apiObject.addJsonPatch(JsonPatch.remove('/spec/replicas'));

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: props.name,
      target: this.deployment,
      // Upstream's port names (gateway cmd/deploy.go makeServiceSpec), so a function deployed by the gateway is adopted.
      ports: [
        { name: 'fxwatcher', port: OPENFX_FUNCTION_PORT, targetPort: 'grpc' },
        { name: 'fxmesh', port: OPENFX_MESH_PORT, targetPort: 'fxmesh' },
      ],
    });

    this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels(identity) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.name },
        minReplicas,
        maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
      },
    });
  }
}
