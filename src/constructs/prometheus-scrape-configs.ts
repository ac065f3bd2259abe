import { requirePort } from '../kube/validate';

/**
 * Scrape jobs for PrometheusServer, in Prometheus' own configuration format (one entry of `scrape_configs`).
 * The Kubernetes jobs discover their targets through the API and authenticate with the pod's ServiceAccount token,
 * so they need a PrometheusServer with `rbac: true`.
 */

/** One entry of `scrape_configs`, as Prometheus reads it. `job_name` is required. */
export type PrometheusScrapeConfig = Readonly<Record<string, unknown>> & { readonly job_name: string };

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The TLS settings and bearer token of the pod's ServiceAccount, for targets that authorize callers against the API. */
function serviceAccountAuth(insecureSkipVerify = false): Record<string, unknown> {
  return {
    scheme: 'https',
    tls_config: insecureSkipVerify ? { insecure_skip_verify: true } : { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
    authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` },
  };
}

export interface StaticScrapeConfigOptions {
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** Labels added to every target. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A job with a fixed list of `host:port` targets. */
export function staticScrapeConfig(jobName: string, targets: readonly string[], options: StaticScrapeConfigOptions = {}): PrometheusScrapeConfig {
  if (targets.length === 0) {
    throw new Error(`scrape job '${jobName}': 'targets' must hold at least one host:port`);
  }
  for (const target of targets) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(target)) {
      throw new Error(`scrape job '${jobName}': target ${JSON.stringify(target)} is not a host:port pair`);
    }
  }
  return {
    job_name: jobName,
    ...(options.metricsPath ? { metrics_path: options.metricsPath } : {}),
    static_configs: [{ targets: [...targets], ...(options.labels ? { labels: { ...options.labels } } : {}) }],
  };
}

/**
 * node_exporter on each machine. It runs in the host network (the NodeExporter DaemonSet, or installed on the hosts),
 * so the targets are the configured node addresses.
 */
export function nodeExporterScrapeConfig(addresses: readonly string[], port = 9100): PrometheusScrapeConfig {
  requirePort("scrape job 'node-exporter'", 'port', port);
  return staticScrapeConfig('node-exporter', addresses.map((address) => `${address}:${port}`));
}

/** A job whose targets are found by DNS A-record lookups, such as a Service's endpoints through its headless name. */
export function dnsScrapeConfig(jobName: string, names: readonly string[], port: number): PrometheusScrapeConfig {
  if (names.length === 0) {
    throw new Error(`scrape job '${jobName}': 'names' must hold at least one DNS name`);
  }
  return { job_name: jobName, dns_sd_configs: [{ names: [...names], type: 'A', port }] };
}

/**
 * The API servers, found as the EndpointSlices of `default/kubernetes` (role `endpointslice`: the v1 Endpoints API
 * that role `endpoints` reads is deprecated since Kubernetes 1.33).
 */
export function apiServerScrapeConfig(): PrometheusScrapeConfig {
  return {
    job_name: 'kubernetes-apiservers',
    kubernetes_sd_configs: [{ role: 'endpointslice', namespaces: { names: ['default'] } }],
    ...serviceAccountAuth(),
    relabel_configs: [
      {
        source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_service_name', '__meta_kubernetes_endpointslice_port_name'],
        action: 'keep',
        regex: 'default;kubernetes;https',
      },
    ],
  };
}

export interface KubeletScrapeOptions {
  /**
   * Skip verifying the kubelets' serving certificates. kubeadm's kubelets serve self-signed certificates that no CA
   * in the pod can verify, unless the cluster has serving-certificate bootstrap enabled.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/**
 * Each kubelet's own metrics, scraped directly on the node's kubelet port (not through the API server proxy, which
 * would need the far broader `nodes/proxy` permission); the kubelet authorizes the token for `nodes/metrics`.
 */
export function kubeletScrapeConfig(options: KubeletScrapeOptions = {}): PrometheusScrapeConfig {
  return {
    job_name: 'kubernetes-nodes',
    kubernetes_sd_configs: [{ role: 'node' }],
    ...serviceAccountAuth(options.insecureSkipVerify),
    relabel_configs: [{ action: 'labelmap', regex: '__meta_kubernetes_node_label_(.+)' }],
  };
}

/** Container metrics from the cAdvisor built into each kubelet (`/metrics/cadvisor`). */
export function cadvisorScrapeConfig(options: KubeletScrapeOptions = {}): PrometheusScrapeConfig {
  return {
    job_name: 'kubernetes-cadvisor',
    kubernetes_sd_configs: [{ role: 'node' }],
    metrics_path: '/metrics/cadvisor',
    ...serviceAccountAuth(options.insecureSkipVerify),
    relabel_configs: [{ action: 'labelmap', regex: '__meta_kubernetes_node_label_(.+)' }],
  };
}

/**
 * Pods that ask to be scraped with the conventional annotations: `prometheus.io/scrape: "true"`, and optionally
 * `prometheus.io/port`, `prometheus.io/path` and `prometheus.io/scheme`.
 */
export function annotatedPodsScrapeConfig(): PrometheusScrapeConfig {
  return {
    job_name: 'kubernetes-pods',
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' },
      { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: 'Pending|Succeeded|Failed' },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'], action: 'replace', regex: '(https?)', target_label: '__scheme__' },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], action: 'replace', regex: '(.+)', target_label: '__metrics_path__' },
      {
        source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
        action: 'replace',
        regex: '([^:]+)(?::\\d+)?;(\\d+)',
        replacement: '$1:$2',
        target_label: '__address__',
      },
      { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
      { source_labels: ['__meta_kubernetes_namespace'], action: 'replace', target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod' },
    ],
  };
}

/** Every Kubernetes job: API servers, kubelets, cAdvisor and annotated pods. */
export function kubernetesScrapeConfigs(options: KubeletScrapeOptions = {}): PrometheusScrapeConfig[] {
  return [apiServerScrapeConfig(), kubeletScrapeConfig(options), cadvisorScrapeConfig(options), annotatedPodsScrapeConfig()];
}

/** Whether a job discovers its targets through the Kubernetes API (and so needs RBAC). */
export function usesKubernetesDiscovery(config: PrometheusScrapeConfig): boolean {
  return Array.isArray(config.kubernetes_sd_configs) && config.kubernetes_sd_configs.length > 0;
}
