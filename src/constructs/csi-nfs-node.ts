import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDaemonSet } from './app-daemon-set';
import { KUBELET, livenessSidecar, nfsDriverContainer, PODS_MOUNT_DIR, SIDECAR_CONTEXT, waiveCsiPolicies } from './csi-nfs-containers';
import { ComponentIdentity, componentLabels } from './labels';

const NODE = 'csi-nfs-node';
const NODE_HEALTH_PORT = 29653;
const PLUGIN_DIR = `${KUBELET}/plugins/csi-nfsplugin`;

export interface CsiNfsNodeProps {
  /** Namespace of the node plugin; must exist and allow privileged pods. */
  readonly namespace: string;
  /** The nfsplugin image. */
  readonly driverImage: string;
  /** The node-driver-registrar sidecar image. */
  readonly registrarImage: string;
  /** The liveness-probe sidecar image. */
  readonly livenessProbeImage: string;
}

/** The node plugin of csi-driver-nfs on every node: registered with the kubelet, it mounts volumes into pods. */
export class CsiNfsNode extends Construct {
  public readonly daemonSet: AppDaemonSet;

  constructor(scope: Construct, id: string, props: CsiNfsNodeProps) {
    super(scope, id);
    const namespace = props.namespace;
    const nodeIdentity: ComponentIdentity = { appName: 'csi-driver-nfs', component: 'node' };
    const nodeAccount = 'csi-nfs-node-sa';
    new k8s.KubeServiceAccount(this, 'NodeServiceAccount', { metadata: { name: nodeAccount, namespace, labels: componentLabels(nodeIdentity) } });
    this.daemonSet = new AppDaemonSet(this, 'DaemonSet', {
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
        livenessSidecar(props.livenessProbeImage, NODE_HEALTH_PORT),
        {
          name: 'node-driver-registrar',
          image: props.registrarImage,
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
          securityContext: SIDECAR_CONTEXT,
        },
        nfsDriverContainer(props.driverImage, NODE_HEALTH_PORT, '300Mi'),
      ],
      volumes: [
        { name: 'socket-dir', hostPath: { path: PLUGIN_DIR, type: 'DirectoryOrCreate' } },
        PODS_MOUNT_DIR,
        { name: 'registration-dir', hostPath: { path: `${KUBELET}/plugins_registry`, type: 'Directory' } },
      ],
    });
    waiveCsiPolicies(this.daemonSet.apiObject, 'the node plugin mounts NFS volumes for the kubelet; mounts made in the host network survive plugin restarts (upstream runs it so)');
  }
}
