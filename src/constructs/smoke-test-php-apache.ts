import { JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { ComponentIdentity, componentLabels } from './labels';
import { SMOKE_TEST_PHP_APACHE_IMAGE } from '../versions/images';
import { requireIntegerInRange } from '../kube/validate';

const NAME = 'php-apache';
const HTTP_PORT = 80;

export interface SmokeTestPhpApacheProps {
  /** Namespace of the test application; must exist. */
  readonly namespace: string;
  /** @default SMOKE_TEST_PHP_APACHE_IMAGE */
  readonly image?: string;
  /** @default 1 */
  readonly minReplicas?: number;
  /** @default 10 */
  readonly maxReplicas?: number;
  /**
   * Average CPU use, in percent of the pods' CPU request, the autoscaler keeps the pods at.
   * @default 50
   */
  readonly targetCpuUtilization?: number;
}

/**
 * The autoscaling test of seed 004 (the Kubernetes HPA walkthrough): a php-apache Deployment, its Service and a
 * HorizontalPodAutoscaler on CPU. Load it from a pod (`while true; do wget -q -O- http://php-apache; done`) and
 * watch `kubectl get hpa php-apache`; it needs metrics-server.
 */
export class SmokeTestPhpApache extends Construct {
  public readonly deployment: AppDeployment;
  public readonly service: AppService;
  public readonly autoscaler: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: SmokeTestPhpApacheProps) {
    super(scope, id);
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? 10;
    const target = props.targetCpuUtilization ?? 50;
    requireIntegerInRange('php-apache smoke test', 'minReplicas', minReplicas, { min: 1 });
    if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
      throw new Error(`php-apache smoke test: 'maxReplicas' (${maxReplicas}) must be a whole number of at least 'minReplicas' (${minReplicas})`);
    }
    requireIntegerInRange('php-apache smoke test', 'targetCpuUtilization', target, { min: 1, max: 100, what: 'a whole percentage' });
    const identity: ComponentIdentity = { appName: NAME, component: 'smoke-test' };

    this.deployment = new AppDeployment(this, 'Deployment', {
      ...identity,
      name: NAME,
      namespace: props.namespace,
      selectorLabels: { run: NAME },
      containers: [
        {
          name: NAME,
          image: props.image ?? SMOKE_TEST_PHP_APACHE_IMAGE,
          ports: [{ name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' }],
          // A TCP check: every HTTP request to this image burns CPU and would skew the autoscaler.
          readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, periodSeconds: 10 },
          // The walkthrough's numbers: utilization is measured against the 200m request.
          resources: { cpu: '200m', cpuLimit: '500m', memory: '64Mi', memoryLimit: '128Mi' },
          // A 2017 Debian Apache image: it starts as root to bind port 80, then switches to www-data, and writes its
          // pid and lock files into the image. Only what that needs is kept; this is a test workload, off by default.
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'KILL', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] },
            readOnlyRootFilesystem: false,
            runAsNonRoot: false,
            runAsUser: 0,
            seccompProfile: { type: 'RuntimeDefault' },
          },
        },
      ],
    });

    // The autoscaler owns the replica count; a count in the manifest would reset it on every apply.
    this.deployment.apiObject.addJsonPatch(JsonPatch.remove('/spec/replicas'));

    this.service = new AppService(this, 'Service', {
      ...identity,
      name: NAME,
      target: this.deployment,
      ports: [{ name: 'http', port: HTTP_PORT, targetPort: 'http' }],
    });

    this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: { name: NAME, namespace: props.namespace, labels: componentLabels(identity) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.name },
        minReplicas,
        maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
      },
    });
  }
}
