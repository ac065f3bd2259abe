import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { ContainerProps, ROOT_WITHOUT_CAPABILITIES } from './container';
import { waivePolicy } from './policy-waiver';

/** The kubelet's directory, where CSI plugins register and mount volumes into pods. */
export const KUBELET = '/var/lib/kubelet';

// The sidecar images have no user of their own (root), and the driver, running as root, creates the CSI socket
// owner-writable only: the sidecars stay root to reach it, without any capability or privilege escalation.
export const SIDECAR_CONTEXT = ROOT_WITHOUT_CAPABILITIES;

// The driver mounts NFS exports (mount(2) needs CAP_SYS_ADMIN) and propagates the mounts to the kubelet. Its root
// file system stays writable, as upstream: mount.nfs writes its state, and the controller mounts exports below /tmp.
const DRIVER_CONTEXT: k8s.SecurityContext = {
  privileged: true,
  allowPrivilegeEscalation: true,
  capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] },
  readOnlyRootFilesystem: false,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The pods' volume directory of the kubelet, where the driver mounts volumes. */
export const PODS_MOUNT_DIR: k8s.Volume = { name: 'pods-mount-dir', hostPath: { path: `${KUBELET}/pods`, type: 'Directory' } };

function healthProbe(port: number): k8s.Probe {
  return {
    httpGet: { host: 'localhost', path: '/healthz', port: k8s.IntOrString.fromNumber(port) },
    timeoutSeconds: 10,
  };
}

/** The liveness-probe sidecar: answers /healthz on `port` after a CSI Probe call over the driver's socket. */
export function livenessSidecar(image: string, port: number): ContainerProps {
  return {
    name: 'liveness-probe',
    image,
    args: ['--csi-address=/csi/csi.sock', '--probe-timeout=3s', `--http-endpoint=localhost:${port}`, '--v=2'],
    volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
    resources: { cpu: '10m', memory: '20Mi', memoryLimit: '100Mi' },
    securityContext: SIDECAR_CONTEXT,
  };
}

/** The NFS driver itself, checked through the liveness-probe sidecar on `port`. */
export function nfsDriverContainer(image: string, port: number, memoryLimit: string): ContainerProps {
  return {
    name: 'nfs',
    image,
    args: ['-v=5', '--nodeid=$(NODE_ID)', '--endpoint=$(CSI_ENDPOINT)'],
    env: [{ name: 'NODE_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, { name: 'CSI_ENDPOINT', value: 'unix:///csi/csi.sock' }],
    // The liveness-probe sidecar answers /healthz after a CSI Probe call over the driver's socket.
    readinessProbe: { ...healthProbe(port), periodSeconds: 10 },
    livenessProbe: { ...healthProbe(port), initialDelaySeconds: 30, periodSeconds: 30, failureThreshold: 5 },
    volumeMounts: [
      { name: 'pods-mount-dir', mountPath: `${KUBELET}/pods`, mountPropagation: 'Bidirectional' },
      { name: 'socket-dir', mountPath: '/csi' },
    ],
    resources: { cpu: '10m', memory: '20Mi', memoryLimit },
    securityContext: DRIVER_CONTEXT,
  };
}

/** The policy exceptions both the controller and the node plugin need, with why. */
export function waiveCsiPolicies(apiObject: k8s.KubeDeployment | k8s.KubeDaemonSet, hostNetworkReason: string): void {
  waivePolicy(apiObject, 'privileged', 'the nfs container mounts NFS exports (mount(2) needs CAP_SYS_ADMIN) and propagates mounts to the kubelet (Bidirectional needs privileged)');
  waivePolicy(apiObject, 'host-network', hostNetworkReason);
  waivePolicy(apiObject, 'host-path', 'CSI works through the kubelet\'s directories: the pods\' volume directory (and on nodes the plugin socket and registration directories)');
  waivePolicy(apiObject, 'readiness-probe', 'the sidecars serve no traffic; the nfs container\'s readiness probe checks the driver through the liveness-probe sidecar');
}
