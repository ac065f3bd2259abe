import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { parseCidr } from '../kube/ipv4';
import { clusterRoleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDaemonSet } from './app-daemon-set';
import { ContainerProps, ResourceProps, ROOT_WITHOUT_CAPABILITIES } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { waivePolicy } from './policy-waiver';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE } from '../versions/images';

/** flanneld's health server (--healthz-port, upstream's 8081): /healthz while it runs, /readyz once the node's subnet and rules are in place. */
export const FLANNEL_HEALTHZ_PORT = 8081;
/** Upstream's namespace for Flannel. */
export const FLANNEL_NAMESPACE = 'kube-flannel';

/** How Flannel carries pod traffic between nodes. */
export type FlannelBackend = 'vxlan' | 'host-gw';
export const FLANNEL_BACKENDS: readonly FlannelBackend[] = ['vxlan', 'host-gw'];

export interface FlannelProps {
  /**
   * The pod network (Flannel's `Network`). It must be kubeadm's `podSubnet`, from which the controller manager
   * gives every node a /24 that Flannel then routes.
   */
  readonly podCidr: string;
  /**
   * `vxlan` encapsulates pod traffic in UDP 8472 and works across routed networks; `host-gw` installs plain
   * routes via the other nodes, which is faster but needs every node on one layer-2 network.
   * @default 'vxlan'
   */
  readonly backend?: FlannelBackend;
  /** Namespace of Flannel's objects; must exist. @default FLANNEL_NAMESPACE */
  readonly namespace?: string;
  /** @default FLANNEL_IMAGE */
  readonly image?: string;
  /** @default FLANNEL_CNI_PLUGIN_IMAGE */
  readonly cniPluginImage?: string;
  /** CPU and memory of flanneld. @default - 100m CPU and 50Mi memory requested (upstream's), 128Mi memory limit */
  readonly resources?: ResourceProps;
}

/**
 * The Flannel CNI (seed 002 §10): every object of upstream's kube-flannel.yml, under upstream's names and
 * selector labels so an existing installation is adopted in place. Without it, pods other than host-network
 * ones (CoreDNS first) never start.
 */
export class Flannel extends Construct {
  public readonly namespace: string;
  public readonly podCidr: string;
  public readonly backend: FlannelBackend;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly daemonSet: AppDaemonSet;

  constructor(scope: Construct, id: string, props: FlannelProps) {
    super(scope, id);
    const network = parseCidr(props.podCidr);
    if (!network) {
      throw new Error(`Flannel: 'podCidr' must be an IPv4 network such as 10.244.0.0/16 (got ${JSON.stringify(props.podCidr)})`);
    }
    if (network.prefixLength > 24) {
      throw new Error(`Flannel: 'podCidr' ${props.podCidr} is smaller than one node's /24 subnet; use a prefix of /24 or shorter, such as /16`);
    }
    const backend = props.backend ?? 'vxlan';
    if (!FLANNEL_BACKENDS.includes(backend)) {
      throw new Error(`Flannel: 'backend' must be one of ${FLANNEL_BACKENDS.join(', ')} (got ${JSON.stringify(backend)})`);
    }
    this.namespace = props.namespace ?? FLANNEL_NAMESPACE;
    this.podCidr = props.podCidr;
    this.backend = backend;
    const identity: ComponentIdentity = { appName: 'flannel', component: 'cni' };
    const labels = componentLabels(identity);
    const serviceAccountName = 'flannel';

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: serviceAccountName, namespace: this.namespace, labels },
    });
    // Exactly upstream's rules: flanneld reads its own pod, watches nodes for their pod CIDRs and annotates
    // its node's status with the VTEP/public IP.
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'flannel', labels },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'flannel', labels },
      roleRef: clusterRoleRef('flannel'),
      subjects: [serviceAccountSubject(serviceAccountName, this.namespace)],
    });

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: 'kube-flannel-cfg', namespace: this.namespace, labels },
      data: {
        'cni-conf.json': json({
          name: 'cbr0',
          cniVersion: '0.3.1',
          plugins: [
            { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
            { type: 'portmap', capabilities: { portMappings: true } },
          ],
        }),
        'net-conf.json': json({ Network: props.podCidr, EnableNFTables: false, Backend: { Type: backend } }),
      },
    });

    const image = props.image ?? FLANNEL_IMAGE;
    this.daemonSet = new AppDaemonSet(this, 'DaemonSet', {
      ...identity,
      name: 'kube-flannel-ds',
      namespace: this.namespace,
      selectorLabels: { app: 'flannel', 'k8s-app': 'flannel' },
      podLabels: { tier: 'node' },
      serviceAccountName,
      apiAccess: true,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      // Every node needs pod networking, tainted or not; NoExecute taints are left to evict as usual.
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      initContainers: installContainers(image, props.cniPluginImage ?? FLANNEL_CNI_PLUGIN_IMAGE),
      containers: [flanneldContainer(image, props.resources)],
      volumes: [
        { name: 'run', hostPath: { path: '/run/flannel' } },
        { name: 'cni-plugin', hostPath: { path: '/opt/cni/bin' } },
        { name: 'cni', hostPath: { path: '/etc/cni/net.d' } },
        { name: 'flannel-cfg', configMap: { name: this.configMap.name } },
        { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
      ],
    });
    const daemonSet = this.daemonSet.apiObject;
    waivePolicy(daemonSet, 'host-network', 'a CNI plugin configures the node\'s own network: the VXLAN device, routes to other nodes\' pod subnets and masquerading');
    waivePolicy(
      daemonSet,
      'host-path',
      'installs the CNI plugin into /opt/cni/bin and its config into /etc/cni/net.d for the kubelet, keeps the node\'s subnet lease in /run/flannel and shares the iptables lock /run/xtables.lock with kube-proxy',
    );
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, undefined, 2)}\n`;
}

/**
 * Copy the flannel CNI plugin and the CNI configuration onto the node. They only copy files into host directories
 * owned by root, so they run as root with no capability at all.
 */
function installContainers(image: string, cniPluginImage: string): ContainerProps[] {
  return [
    {
      name: 'install-cni-plugin',
      image: cniPluginImage,
      command: ['cp'],
      args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
      volumeMounts: [{ name: 'cni-plugin', mountPath: '/opt/cni/bin' }],
      resources: { cpu: '10m', memory: '32Mi' },
      securityContext: ROOT_WITHOUT_CAPABILITIES,
    },
    {
      name: 'install-cni',
      image,
      command: ['cp'],
      args: ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
      volumeMounts: [
        { name: 'cni', mountPath: '/etc/cni/net.d' },
        { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
      ],
      resources: { cpu: '10m', memory: '32Mi' },
      securityContext: ROOT_WITHOUT_CAPABILITIES,
    },
  ];
}

/** flanneld, which gives the node its pod subnet and routes to the others. */
function flanneldContainer(image: string, resources: ResourceProps | undefined): ContainerProps {
  return {
    name: 'kube-flannel',
    image,
    command: ['/opt/bin/flanneld'],
    args: ['--ip-masq', '--kube-subnet-mgr', `--healthz-port=${FLANNEL_HEALTHZ_PORT}`],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
      { name: 'CONT_WHEN_CACHE_NOT_READY', value: 'false' },
    ],
    volumeMounts: [
      { name: 'run', mountPath: '/run/flannel' },
      { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
      { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
    ],
    ports: [{ name: 'healthz', containerPort: FLANNEL_HEALTHZ_PORT, protocol: 'TCP' }],
    // Ready only after flanneld wrote subnet.env and installed its masquerade and forward rules: until then
    // pods scheduled to the node would have no working network.
    readinessProbe: { httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(FLANNEL_HEALTHZ_PORT) }, periodSeconds: 10 },
    livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(FLANNEL_HEALTHZ_PORT) }, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 5 },
    resources: resources ?? { cpu: '100m', memory: '50Mi', memoryLimit: '128Mi' },
    // Not privileged, as upstream: NET_ADMIN creates the VXLAN device and routes, and with NET_RAW lets
    // iptables write the masquerade rules. The root file system stays writable because the image's iptables wrapper
    // re-links /sbin/iptables to the node's backend (legacy or nft) on first use.
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}
