import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDeployment } from './app-deployment';
import { AppService } from './app-service';
import { ResourceProps, RESTRICTED_SECURITY_CONTEXT } from './container';
import { CustomResourceDefinitions } from './custom-resource-definitions';
import { ComponentIdentity } from './labels';
import { SuppliedSecret } from './supplied-secret';
import { VpaComponent, VpaRbac } from './vpa-rbac';
import { VPA_ADMISSION_CONTROLLER_IMAGE, VPA_RECOMMENDER_IMAGE, VPA_UPDATER_IMAGE } from '../versions/images';

/** Upstream's name of the admission controller's certificate Secret, which its gencerts.sh creates. */
export const VPA_TLS_SECRET = 'vpa-tls-certs';
/** The Service the admission controller registers its webhook with. */
export const VPA_WEBHOOK_SERVICE = 'vpa-webhook';

/** The user every VPA component runs as (upstream: nobody). */
const VPA_UID = 65534;

export interface VpaProps {
  /** Namespace of the components; upstream's scripts and certificates assume kube-system. @default 'kube-system' */
  readonly namespace?: string;
  /** @default VPA_RECOMMENDER_IMAGE */
  readonly recommenderImage?: string;
  /** @default VPA_UPDATER_IMAGE */
  readonly updaterImage?: string;
  /** @default VPA_ADMISSION_CONTROLLER_IMAGE */
  readonly admissionControllerImage?: string;
}

/**
 * The Vertical Pod Autoscaler as vertical-pod-autoscaler/deploy installs it (vpa-up.sh): the
 * verticalpodautoscalers and verticalpodautoscalercheckpoints CRDs, upstream's ClusterRoles, bindings and
 * leader-election Roles, the recommender, the updater and the admission controller with its `vpa-webhook` Service.
 * OpenMCP's hybrid autoscaler creates VerticalPodAutoscalers in member clusters.
 *
 * The admission controller registers its MutatingWebhookConfiguration itself at start, with the CA of its
 * certificate Secret `vpa-tls-certs` (keys caCert.pem, serverCert.pem, serverKey.pem; the server certificate for
 * `vpa-webhook.<namespace>.svc`), which the operator creates at apply time as upstream's gencerts.sh does. The CRDs
 * also serve the deprecated v1beta2 version, which OpenMCP's v0.0.1 HAS controller uses.
 */
export class Vpa extends Construct {
  public readonly namespace: string;
  public readonly crds: CustomResourceDefinitions;
  public readonly recommender: AppDeployment;
  public readonly updater: AppDeployment;
  public readonly admissionController: AppDeployment;
  public readonly webhookService: AppService;

  constructor(scope: Construct, id: string, props: VpaProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'kube-system';
    const namespace = this.namespace;
    this.crds = new CustomResourceDefinitions(this, 'Crds', { directory: 'vpa', appName: 'vertical-pod-autoscaler' });

    new VpaRbac(this, 'Rbac', { namespace });

    this.recommender = vpaDeployment(this, namespace, 'recommender', {
      name: 'recommender',
      image: props.recommenderImage ?? VPA_RECOMMENDER_IMAGE,
      ports: [{ name: 'prometheus', containerPort: 8942, protocol: 'TCP' }],
      resources: { cpu: '50m', memory: '500Mi', memoryLimit: '1000Mi', cpuLimit: '200m' },
      probe: healthCheck('prometheus'),
    });
    this.updater = vpaDeployment(this, namespace, 'updater', {
      name: 'updater',
      image: props.updaterImage ?? VPA_UPDATER_IMAGE,
      ports: [{ name: 'prometheus', containerPort: 8943, protocol: 'TCP' }],
      resources: { cpu: '50m', memory: '500Mi', memoryLimit: '1000Mi', cpuLimit: '200m' },
      probe: healthCheck('prometheus'),
    });

    new SuppliedSecret(this, 'TlsCerts', {
      name: VPA_TLS_SECRET,
      namespace,
      keys: {
        'caCert.pem': 'CA certificate the API server trusts the webhook with (the admission controller puts it in its MutatingWebhookConfiguration)',
        'serverCert.pem': `server certificate for ${VPA_WEBHOOK_SERVICE}.${namespace}.svc, signed by that CA`,
        'serverKey.pem': 'private key of the server certificate',
      },
      purpose: 'TLS of the VPA admission webhook; upstream creates it with pkg/admission-controller/gencerts.sh',
    });
    this.admissionController = vpaDeployment(
      this,
      namespace,
      'admission-controller',
      {
        name: 'admission-controller',
        image: props.admissionControllerImage ?? VPA_ADMISSION_CONTROLLER_IMAGE,
        ports: [
          { name: 'webhook', containerPort: 8000, protocol: 'TCP' },
          { name: 'prometheus', containerPort: 8944, protocol: 'TCP' },
        ],
        resources: { cpu: '50m', memory: '200Mi', memoryLimit: '500Mi', cpuLimit: '200m' },
        probe: { tcpSocket: { port: k8s.IntOrString.fromString('webhook') }, periodSeconds: 10, failureThreshold: 3 },
      },
      {
        // The webhook it registers names this namespace's vpa-webhook Service.
        env: [{ name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
        volumeMounts: [{ name: 'tls-certs', mountPath: '/etc/tls-certs', readOnly: true }],
      },
      [{ name: 'tls-certs', secret: { secretName: VPA_TLS_SECRET } }],
    );
    this.webhookService = new AppService(this, 'WebhookService', {
      ...vpaIdentity('admission-controller'),
      name: VPA_WEBHOOK_SERVICE,
      target: this.admissionController,
      ports: [{ name: 'webhook', port: 443, targetPort: 'webhook' }],
    });
  }
}

function vpaIdentity(component: VpaComponent): ComponentIdentity {
  return { appName: 'vertical-pod-autoscaler', component };
}

/** Upstream's health check of the recommender and the updater, on their metrics port. */
function healthCheck(port: string): k8s.Probe {
  return {
    httpGet: { path: '/health-check', port: k8s.IntOrString.fromString(port), scheme: 'HTTP' },
    periodSeconds: 10,
    failureThreshold: 3,
  };
}

interface VpaContainer {
  readonly name: string;
  readonly image: string;
  readonly ports: k8s.ContainerPort[];
  readonly resources: ResourceProps;
  readonly probe: k8s.Probe;
}

/** One VPA component as upstream deploys it: `vpa-<component>`, its own ServiceAccount, running as nobody. */
function vpaDeployment(
  scope: Construct,
  namespace: string,
  component: VpaComponent,
  container: VpaContainer,
  extra: Pick<k8s.Container, 'env' | 'volumeMounts'> = {},
  volumes?: k8s.Volume[],
): AppDeployment {
  return new AppDeployment(scope, component, {
    ...vpaIdentity(component),
    name: `vpa-${component}`,
    namespace,
    selectorLabels: { app: `vpa-${component}` },
    serviceAccountName: `vpa-${component}`,
    apiAccess: true,
    podSecurityContext: { runAsNonRoot: true, runAsUser: VPA_UID },
    containers: [
      {
        name: container.name,
        image: container.image,
        ports: container.ports,
        readinessProbe: container.probe,
        livenessProbe: { ...container.probe, initialDelaySeconds: 5 },
        resources: container.resources,
        securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: VPA_UID },
        ...extra,
      },
    ],
    volumes,
  });
}
