import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { clusterRoleRef, serviceAccountSubject } from '../kube/rbac';
import { AppDaemonSet } from './app-daemon-set';
import { AppDeployment } from './app-deployment';
import { ContainerProps, ROOT_WITHOUT_CAPABILITIES } from './container';
import { ComponentIdentity, componentLabels } from './labels';
import { NfsExport } from './nfs-volume';
import { waivePolicy } from './policy-waiver';

/** The CSI driver name; the StorageClass's immutable `provisioner`. */
export const NFS_CSI_DRIVER = 'nfs.csi.k8s.io';
// kubernetes-csi/csi-driver-nfs v4.13.5 and the sidecars its deploy/v4.13.5 manifests pin. Supported Kubernetes:
// 1.21+ per the driver's README; the v6 external-provisioner needs 1.20+. Tested upstream on current releases.
export const NFS_CSI_PLUGIN_IMAGE = 'registry.k8s.io/sig-storage/nfsplugin:v4.13.5';
export const CSI_PROVISIONER_IMAGE = 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0';
export const CSI_LIVENESS_PROBE_IMAGE = 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0';
export const CSI_NODE_DRIVER_REGISTRAR_IMAGE = 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0';

/**
 * Where each claim's directory goes below the export: the same `<namespace>-<claim>-<volume>` name the NFS subdir
 * provisioner used, so directories of both look alike on the server.
 */
export const NFS_CSI_SUBDIR = '${pvc.metadata.namespace}-${pvc.metadata.name}-${pv.metadata.name}';

const CONTROLLER = 'csi-nfs-controller';
const NODE = 'csi-nfs-node';
const CONTROLLER_HEALTH_PORT = 29652;
const NODE_HEALTH_PORT = 29653;
const KUBELET = '/var/lib/kubelet';
const PLUGIN_DIR = `${KUBELET}/plugins/csi-nfsplugin`;

export interface CsiDriverNfsProps {
  /** Namespace of the controller and the node plugin; must exist and allow privileged pods. */
  readonly namespace: string;
  readonly nfs: NfsExport;
  /** @default NFS_CSI_PLUGIN_IMAGE */
  readonly image?: string;
  /** @default 'nfs-client' */
  readonly storageClassName?: string;
  /** Mark the class as the cluster default. @default true */
  readonly isDefaultClass?: boolean;
  /** @default 'Delete' */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /** With `Delete`, keep a deleted volume's directory as `archived-<dir>` instead of removing it (`onDelete`). @default true */
  readonly archiveOnDelete?: boolean;
}

/**
 * Dynamic NFS provisioning with kubernetes-csi/csi-driver-nfs: the CSIDriver object, the controller (external
 * provisioner + the driver, which mounts the export to create each claim's directory) and the node plugin on every
 * node (registered with the kubelet, mounts volumes into pods), their RBAC as upstream's `rbac-csi-nfs.yaml` without
 * the snapshot and resizer rules (neither sidecar is installed), and the StorageClass.
 */
export class CsiDriverNfs extends Construct {
  public readonly storageClassName: string;
  public readonly controller: AppDeployment;
  public readonly nodePlugin: AppDaemonSet;

  constructor(scope: Construct, id: string, props: CsiDriverNfsProps) {
    super(scope, id);
    this.storageClassName = props.storageClassName ?? 'nfs-client';
    const namespace = props.namespace;
    const image = props.image ?? NFS_CSI_PLUGIN_IMAGE;
    const driverLabels = componentLabels({ appName: 'csi-driver-nfs', component: 'driver' });

    new k8s.KubeCsiDriver(this, 'CsiDriver', {
      metadata: { name: NFS_CSI_DRIVER, labels: driverLabels },
      spec: { attachRequired: false, volumeLifecycleModes: ['Persistent'], fsGroupPolicy: 'File' },
    });

    // --- controller ---
    const controllerIdentity: ComponentIdentity = { appName: 'csi-driver-nfs', component: 'controller' };
    const controllerLabels = componentLabels(controllerIdentity);
    const controllerAccount = 'csi-nfs-controller-sa';
    new k8s.KubeServiceAccount(this, 'ControllerServiceAccount', { metadata: { name: controllerAccount, namespace, labels: controllerLabels } });
    new k8s.KubeClusterRole(this, 'ProvisionerClusterRole', {
      metadata: { name: 'nfs-external-provisioner-role', labels: controllerLabels },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        // Leader election of the external provisioner (--leader-election, Lease lock).
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ProvisionerClusterRoleBinding', {
      metadata: { name: 'nfs-csi-provisioner-binding', labels: controllerLabels },
      subjects: [serviceAccountSubject(controllerAccount, namespace)],
      roleRef: clusterRoleRef('nfs-external-provisioner-role'),
    });

    const socketEnv = { name: 'ADDRESS', value: '/csi/csi.sock' };
    const podNamespaceEnv: k8s.EnvVar = { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
    const nodeIdEnv: k8s.EnvVar = { name: 'NODE_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } };
    // The sidecar images have no user of their own (root), and the driver, running as root, creates the CSI socket
    // owner-writable only: the sidecars stay root to reach it, without any capability or privilege escalation.
    const sidecarContext = ROOT_WITHOUT_CAPABILITIES;
    // The driver mounts NFS exports (mount(2) needs CAP_SYS_ADMIN) and propagates the mounts to the kubelet. Its root
    // file system stays writable, as upstream: mount.nfs writes its state, and the controller mounts exports below /tmp.
    const driverContext: k8s.SecurityContext = {
      privileged: true,
      allowPrivilegeEscalation: true,
      capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] },
      readOnlyRootFilesystem: false,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const healthProbe = (port: number): k8s.Probe => ({
      httpGet: { host: 'localhost', path: '/healthz', port: k8s.IntOrString.fromNumber(port) },
      timeoutSeconds: 10,
    });
    const livenessSidecar = (port: number): ContainerProps => ({
      name: 'liveness-probe',
      image: CSI_LIVENESS_PROBE_IMAGE,
      args: ['--csi-address=/csi/csi.sock', '--probe-timeout=3s', `--http-endpoint=localhost:${port}`, '--v=2'],
      volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
      resources: { cpu: '10m', memory: '20Mi', memoryLimit: '100Mi' },
      securityContext: sidecarContext,
    });
    const driver = (port: number, memoryLimit: string): ContainerProps => ({
      name: 'nfs',
      image,
      args: ['-v=5', '--nodeid=$(NODE_ID)', '--endpoint=$(CSI_ENDPOINT)'],
      env: [nodeIdEnv, { name: 'CSI_ENDPOINT', value: 'unix:///csi/csi.sock' }],
      // The liveness-probe sidecar answers /healthz after a CSI Probe call over the driver's socket.
      readinessProbe: { ...healthProbe(port), periodSeconds: 10 },
      livenessProbe: { ...healthProbe(port), initialDelaySeconds: 30, periodSeconds: 30, failureThreshold: 5 },
      volumeMounts: [
        { name: 'pods-mount-dir', mountPath: `${KUBELET}/pods`, mountPropagation: 'Bidirectional' },
        { name: 'socket-dir', mountPath: '/csi' },
      ],
      resources: { cpu: '10m', memory: '20Mi', memoryLimit },
      securityContext: driverContext,
    });
    const podsMountDir: k8s.Volume = { name: 'pods-mount-dir', hostPath: { path: `${KUBELET}/pods`, type: 'Directory' } };
    const controlPlaneTolerations: k8s.Toleration[] = [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' },
    ];

    this.controller = new AppDeployment(this, 'Controller', {
      ...controllerIdentity,
      name: CONTROLLER,
      namespace,
      selectorLabels: { app: CONTROLLER },
      serviceAccountName: controllerAccount,
      apiAccess: true,
      // The driver mounts the export on the node to create and remove claim directories.
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      priorityClassName: 'system-cluster-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: controlPlaneTolerations,
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'csi-provisioner',
          image: CSI_PROVISIONER_IMAGE,
          args: [
            '-v=2', '--csi-address=$(ADDRESS)', '--leader-election', '--leader-election-namespace=$(POD_NAMESPACE)',
            '--extra-create-metadata=true', '--timeout=1200s', '--retry-interval-max=30m',
            // As upstream: without it the v6 provisioner also watches VolumeAttributesClasses, which this RBAC omits.
            '--feature-gates=VolumeAttributesClass=false',
          ],
          env: [socketEnv, podNamespaceEnv],
          volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
          resources: { cpu: '10m', memory: '20Mi', memoryLimit: '400Mi' },
          securityContext: sidecarContext,
        },
        livenessSidecar(CONTROLLER_HEALTH_PORT),
        driver(CONTROLLER_HEALTH_PORT, '200Mi'),
      ],
      volumes: [podsMountDir, { name: 'socket-dir', emptyDir: {} }],
    });
    this.waive(this.controller.apiObject, 'the controller mounts the NFS export on its node to create and archive claim directories (upstream runs it so)');

    // --- node plugin ---
    const nodeIdentity: ComponentIdentity = { appName: 'csi-driver-nfs', component: 'node' };
    const nodeAccount = 'csi-nfs-node-sa';
    new k8s.KubeServiceAccount(this, 'NodeServiceAccount', { metadata: { name: nodeAccount, namespace, labels: componentLabels(nodeIdentity) } });
    this.nodePlugin = new AppDaemonSet(this, 'Node', {
      ...nodeIdentity,
      name: NODE,
      namespace,
      selectorLabels: { app: NODE },
      serviceAccountName: nodeAccount,
      maxUnavailable: 1,
      // NFS mounts made from the host network survive a restart of the plugin.
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      priorityClassName: 'system-node-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        livenessSidecar(NODE_HEALTH_PORT),
        {
          name: 'node-driver-registrar',
          image: CSI_NODE_DRIVER_REGISTRAR_IMAGE,
          args: ['--v=2', '--csi-address=/csi/csi.sock', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)'],
          env: [
            { name: 'DRIVER_REG_SOCK_PATH', value: `${PLUGIN_DIR}/csi.sock` },
            { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          ],
          volumeMounts: [
            { name: 'socket-dir', mountPath: '/csi' },
            { name: 'registration-dir', mountPath: '/registration' },
          ],
          resources: { cpu: '10m', memory: '20Mi', memoryLimit: '100Mi' },
          securityContext: sidecarContext,
        },
        driver(NODE_HEALTH_PORT, '300Mi'),
      ],
      volumes: [
        { name: 'socket-dir', hostPath: { path: PLUGIN_DIR, type: 'DirectoryOrCreate' } },
        podsMountDir,
        { name: 'registration-dir', hostPath: { path: `${KUBELET}/plugins_registry`, type: 'Directory' } },
      ],
    });
    this.waive(this.nodePlugin.apiObject, 'the node plugin mounts NFS volumes for the kubelet; mounts made in the host network survive plugin restarts (upstream runs it so)');

    const archive = props.archiveOnDelete ?? true;
    new k8s.KubeStorageClass(this, 'StorageClass', {
      metadata: {
        name: this.storageClassName,
        labels: driverLabels,
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefaultClass ?? true) },
      },
      provisioner: NFS_CSI_DRIVER,
      reclaimPolicy: props.reclaimPolicy ?? 'Delete',
      volumeBindingMode: 'Immediate',
      parameters: {
        server: props.nfs.server,
        share: props.nfs.exportPath,
        subDir: NFS_CSI_SUBDIR,
        onDelete: archive ? 'archive' : 'delete',
        // World-writable claim directories, as the subdir provisioner made them, so pods of any user can write.
        mountPermissions: '0777',
      },
    });
  }

  private waive(apiObject: k8s.KubeDeployment | k8s.KubeDaemonSet, hostNetworkReason: string): void {
    waivePolicy(apiObject, 'privileged', 'the nfs container mounts NFS exports (mount(2) needs CAP_SYS_ADMIN) and propagates mounts to the kubelet (Bidirectional needs privileged)');
    waivePolicy(apiObject, 'host-network', hostNetworkReason);
    waivePolicy(apiObject, 'host-path', 'CSI works through the kubelet\'s directories: the pods\' volume directory (and on nodes the plugin socket and registration directories)');
    waivePolicy(apiObject, 'readiness-probe', 'the sidecars serve no traffic; the nfs container\'s readiness probe checks the driver through the liveness-probe sidecar');
  }
}
