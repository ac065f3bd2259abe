import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppDaemonSet } from './app-daemon-set';
import { RESTRICTED_SECURITY_CONTEXT } from './container';
import { ComponentIdentity } from './labels';
import { waivePolicy } from './policy-waiver';
import { NODE_EXPORTER_IMAGE } from '../versions/images';

const NAME = 'node-exporter';
/** The nobody user: node_exporter reads world-readable host files and needs no privilege. */
const NODE_EXPORTER_UID = 65534;
/** Mount points of pods, container runtimes and pseudo file systems, which would only add noise and cardinality. */
const MOUNT_POINTS_EXCLUDE = '^/(dev|proc|sys|run/containerd/.+|var/lib/containerd/.+|var/lib/docker/.+|var/lib/kubelet/.+)($|/)';

export interface NodeExporterProps {
  /** Namespace of the DaemonSet; it must exist and allow privileged pods (host network, host PID, host path). */
  readonly namespace: string;
  /**
   * Port node_exporter listens on at every node address; the Prometheus job `node-exporter` scrapes `<node IP>:<port>`.
   * @default 9100
   */
  readonly port?: number;
  /** @default NODE_EXPORTER_IMAGE */
  readonly image?: string;
}

/**
 * Prometheus node_exporter on every node, control planes included: a DaemonSet in the host's network and process
 * namespaces that reads the host's root file system read-only, as node_exporter's README prescribes for running it
 * in a container. Nothing calls the Kubernetes API, so no ServiceAccount token is mounted.
 */
export class NodeExporter extends Construct {
  public readonly port: number;
  public readonly daemonSet: AppDaemonSet;

  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id);
    this.port = props.port ?? 9100;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      throw new Error(`node_exporter: 'port' must be a port number from 1 to 65535 (got ${props.port})`);
    }
    const identity: ComponentIdentity = { appName: NAME, component: 'exporter' };
    const port = k8s.IntOrString.fromNumber(this.port);
    this.daemonSet = new AppDaemonSet(this, 'DaemonSet', {
      ...identity,
      name: NAME,
      namespace: props.namespace,
      selectorLabels: { app: NAME },
      maxUnavailable: '10%',
      hostNetwork: true,
      hostPID: true,
      // Every node, including tainted control planes, is a scrape target.
      tolerations: [{ operator: 'Exists' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      podSecurityContext: { runAsNonRoot: true, runAsUser: NODE_EXPORTER_UID, runAsGroup: NODE_EXPORTER_UID, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: NAME,
          image: props.image ?? NODE_EXPORTER_IMAGE,
          args: [
            '--path.rootfs=/host',
            `--web.listen-address=:${this.port}`,
            `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE}`,
          ],
          ports: [{ name: 'metrics', containerPort: this.port, protocol: 'TCP' }],
          readinessProbe: { httpGet: { path: '/metrics', port }, periodSeconds: 30, timeoutSeconds: 10 },
          livenessProbe: { httpGet: { path: '/', port }, initialDelaySeconds: 10, periodSeconds: 30, timeoutSeconds: 5 },
          resources: { cpu: '20m', memory: '64Mi', memoryLimit: '128Mi' },
          securityContext: { ...RESTRICTED_SECURITY_CONTEXT, runAsUser: NODE_EXPORTER_UID, runAsGroup: NODE_EXPORTER_UID },
          // HostToContainer: file systems mounted on the host after the pod started show up too.
          volumeMounts: [{ name: 'root', mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' }],
        },
      ],
      volumes: [{ name: 'root', hostPath: { path: '/', type: 'Directory' } }],
    });
    const daemonSet = this.daemonSet.apiObject;
    waivePolicy(daemonSet, 'host-network', 'node_exporter reports the node\'s own network interfaces and is scraped on the node address, as Prometheus\' node-exporter job expects');
    waivePolicy(daemonSet, 'host-pid', 'node_exporter counts the node\'s processes and reads their /proc entries (processes collector, process limits)');
    waivePolicy(daemonSet, 'host-path', 'node_exporter reads the host root read-only (--path.rootfs) for file system, disk and hardware metrics');
  }
}
