import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, roleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDaemonSet } from './app-daemon-set';
import { ResourceProps, ROOT_WITHOUT_CAPABILITIES } from './container';
import { metalLbHealthProbe } from './metallb-controller';
import { ComponentIdentity, componentLabels } from './labels';
import { waivePolicy } from './policy-waiver';
import { METALLB_SPEAKER_IMAGE } from '../versions/images';

const MONITORING_PORT = 7472;
const MEMBERLIST_PORT = 7946;

/** Interfaces the speakers never announce from (upstream's `metallb-excludel2` list). */
const EXCLUDED_INTERFACES = [
  '^docker.*', '^cbr.*', '^dummy.*', '^virbr.*', '^lxcbr.*', '^veth.*', '^lo$', '^cali.*', '^tunl.*', '^flannel.*',
  '^kube-ipvs.*', '^cni.*', '^nodelocaldns.*',
];

export interface MetalLbSpeakerProps {
  /** Namespace of MetalLB; must exist. Upstream's is `metallb-system`. */
  readonly namespace: string;
  /** Name of the memberlist Secret (key `secretkey`) that encrypts the speakers' gossip. */
  readonly memberlistSecretName: string;
  /** @default METALLB_SPEAKER_IMAGE */
  readonly image?: string;
  /** @default - 50m CPU and 100Mi memory requested, 200Mi memory limit */
  readonly resources?: ResourceProps;
  /** @default 'info' */
  readonly logLevel?: 'all' | 'debug' | 'info' | 'warn' | 'error' | 'none';
}

/**
 * MetalLB's speaker, one per node: answers ARP for the LoadBalancer addresses its node owns (layer 2 mode) and
 * agrees with the other speakers through memberlist on which node that is. Names, labels and RBAC follow
 * metallb-native.yaml.
 */
export class MetalLbSpeaker extends Construct {
  public readonly daemonSet: AppDaemonSet;
  public readonly serviceAccountName = 'speaker';

  constructor(scope: Construct, id: string, props: MetalLbSpeakerProps) {
    super(scope, id);
    const namespace = props.namespace;
    const identity: ComponentIdentity = { appName: 'metallb', component: 'speaker' };
    const labels = componentLabels(identity);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, namespace, labels },
    });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: 'pod-lister', namespace, labels },
      rules: roleRules(),
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: 'pod-lister', namespace, labels },
      roleRef: roleRef('pod-lister'),
      subjects: [serviceAccountSubject(this.serviceAccountName, namespace)],
    });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'metallb-system:speaker', labels },
      rules: clusterRules(),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'metallb-system:speaker', labels },
      roleRef: clusterRoleRef('metallb-system:speaker'),
      subjects: [serviceAccountSubject(this.serviceAccountName, namespace)],
    });

    const excludeConfig = new k8s.KubeConfigMap(this, 'ExcludedInterfaces', {
      metadata: { name: 'metallb-excludel2', namespace, labels },
      data: { 'excludel2.yaml': `announcedInterfacesToExclude: ${JSON.stringify(EXCLUDED_INTERFACES).replace(/","/g, '", "')}\n` },
    });

    const fieldEnv = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    this.daemonSet = new AppDaemonSet(this, 'DaemonSet', {
      ...identity,
      name: 'speaker',
      namespace,
      selectorLabels: { app: 'metallb', component: 'speaker' },
      serviceAccountName: this.serviceAccountName,
      apiAccess: true,
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      terminationGracePeriodSeconds: 2,
      tolerations: [
        { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
      containers: [
        {
          name: 'speaker',
          image: props.image ?? METALLB_SPEAKER_IMAGE,
          args: [`--port=${MONITORING_PORT}`, `--log-level=${props.logLevel ?? 'info'}`],
          env: [
            fieldEnv('METALLB_NODE_NAME', 'spec.nodeName'),
            fieldEnv('METALLB_POD_NAME', 'metadata.name'),
            fieldEnv('METALLB_HOST', 'status.hostIP'),
            fieldEnv('METALLB_ML_BIND_ADDR', 'status.podIP'),
            { name: 'METALLB_ML_LABELS', value: 'app=metallb,component=speaker' },
            { name: 'METALLB_ML_SECRET_KEY_PATH', value: '/etc/ml_secret_key' },
          ],
          ports: [
            { name: 'monitoring', containerPort: MONITORING_PORT },
            { name: 'memberlist-tcp', containerPort: MEMBERLIST_PORT },
            { name: 'memberlist-udp', containerPort: MEMBERLIST_PORT, protocol: 'UDP' },
          ],
          livenessProbe: metalLbHealthProbe('/healthz', '127.0.0.1'),
          readinessProbe: metalLbHealthProbe('/readyz', '127.0.0.1'),
          volumeMounts: [
            { name: 'memberlist', mountPath: '/etc/ml_secret_key', readOnly: true },
            { name: 'metallb-excludel2', mountPath: '/etc/metallb', readOnly: true },
          ],
          resources: props.resources ?? { cpu: '50m', memory: '100Mi', memoryLimit: '200Mi' },
          // NET_RAW sends the gratuitous ARP replies. Kubernetes grants added capabilities only to root, so the
          // speaker keeps the image's root user, as upstream; everything else stays restricted.
          securityContext: { ...ROOT_WITHOUT_CAPABILITIES, capabilities: { add: ['NET_RAW'], drop: ['ALL'] } },
        },
      ],
      volumes: [
        { name: 'memberlist', secret: { secretName: props.memberlistSecretName, defaultMode: 0o644 } },
        { name: 'metallb-excludel2', configMap: { name: excludeConfig.name, defaultMode: 0o400 } },
      ],
    });
    waivePolicy(
      this.daemonSet.apiObject,
      'host-network',
      'the speaker answers ARP for LoadBalancer addresses on the node\'s own interfaces and gossips with the other speakers on the node address',
    );
  }
}

const READ = ['get', 'list', 'watch'];

/** Upstream's Role `pod-lister` in the speaker's namespace: its peers, the memberlist Secret and MetalLB's configuration. */
function roleRules(): k8s.PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['pods'], verbs: ['list', 'get'] },
    { apiGroups: [''], resources: ['secrets'], verbs: READ },
    { apiGroups: [''], resources: ['configmaps'], verbs: READ },
    ...['bfdprofiles', 'bgppeers', 'l2advertisements', 'bgpadvertisements', 'ipaddresspools', 'communities'].map((resource) => ({
      apiGroups: ['metallb.io'],
      resources: [resource],
      verbs: READ,
    })),
    // 0.16: the BGP status of each Service on the speaker's node.
    { apiGroups: ['metallb.io'], resources: ['servicebgpstatuses', 'servicebgpstatuses/status'], verbs: ['*'] },
  ];
}

/**
 * Upstream's ClusterRole. It also lets the speaker `use` a PodSecurityPolicy; that API was removed in Kubernetes 1.25,
 * so the rule is left out.
 */
function clusterRules(): k8s.PolicyRule[] {
  return [
    {
      apiGroups: ['metallb.io'],
      resources: ['servicel2statuses', 'servicel2statuses/status', 'configurationstates', 'configurationstates/status'],
      verbs: ['*'],
    },
    { apiGroups: [''], resources: ['services', 'endpoints', 'nodes', 'namespaces'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}
