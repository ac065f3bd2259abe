/**
 * Dashboards GrafanaServer can provision, as Grafana dashboard models (the JSON the UI exports). Each takes the uid of
 * the Prometheus datasource it queries.
 */

/** A Grafana dashboard model. */
export type GrafanaDashboardModel = Readonly<Record<string, unknown>>;

interface PanelOptions {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
  readonly x: number;
  readonly y: number;
}

function timeseriesPanel(id: number, datasourceUid: string, options: PanelOptions): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: datasourceUid };
  return {
    id,
    type: 'timeseries',
    title: options.title,
    datasource,
    gridPos: { h: 8, w: 12, x: options.x, y: options.y },
    fieldConfig: { defaults: { unit: options.unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: [{ refId: 'A', datasource, expr: options.expr, legendFormat: options.legend }],
  };
}

function dashboard(uid: string, title: string, tags: string[], panels: Record<string, unknown>[]): GrafanaDashboardModel {
  return {
    uid,
    title,
    tags,
    editable: false,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    panels,
  };
}

/** CPU, memory, disk and network of every machine, from node_exporter (job `node-exporter`). */
export function nodeExporterDashboard(datasourceUid: string): GrafanaDashboardModel {
  const job = 'job="node-exporter"';
  return dashboard('hanok-nodes', 'Nodes', ['hanok', 'node-exporter'], [
    timeseriesPanel(1, datasourceUid, {
      title: 'CPU busy',
      expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{${job},mode="idle"}[5m]))`,
      legend: '{{instance}}',
      unit: 'percentunit',
      x: 0,
      y: 0,
    }),
    timeseriesPanel(2, datasourceUid, {
      title: 'Memory used',
      expr: `1 - node_memory_MemAvailable_bytes{${job}} / node_memory_MemTotal_bytes{${job}}`,
      legend: '{{instance}}',
      unit: 'percentunit',
      x: 12,
      y: 0,
    }),
    timeseriesPanel(3, datasourceUid, {
      title: 'Root file system used',
      expr: `1 - node_filesystem_avail_bytes{${job},mountpoint="/",fstype!="rootfs"} / node_filesystem_size_bytes{${job},mountpoint="/",fstype!="rootfs"}`,
      legend: '{{instance}}',
      unit: 'percentunit',
      x: 0,
      y: 8,
    }),
    timeseriesPanel(4, datasourceUid, {
      title: 'Network received',
      expr: `sum by (instance) (rate(node_network_receive_bytes_total{${job},device!~"lo|veth.*|cni.*|flannel.*|docker.*"}[5m]))`,
      legend: '{{instance}}',
      unit: 'Bps',
      x: 12,
      y: 8,
    }),
  ]);
}

/** CPU and memory of the pods per namespace, from the kubelets' cAdvisor (job `kubernetes-cadvisor`). */
export function kubernetesPodsDashboard(datasourceUid: string): GrafanaDashboardModel {
  const selector = 'job="kubernetes-cadvisor",container!="",container!="POD"';
  return dashboard('hanok-pods', 'Pods by namespace', ['hanok', 'kubernetes'], [
    timeseriesPanel(1, datasourceUid, {
      title: 'CPU used',
      expr: `sum by (namespace) (rate(container_cpu_usage_seconds_total{${selector}}[5m]))`,
      legend: '{{namespace}}',
      unit: 'short',
      x: 0,
      y: 0,
    }),
    timeseriesPanel(2, datasourceUid, {
      title: 'Memory working set',
      expr: `sum by (namespace) (container_memory_working_set_bytes{${selector}})`,
      legend: '{{namespace}}',
      unit: 'bytes',
      x: 12,
      y: 0,
    }),
  ]);
}

/**
 * Function invocations through the OpenFx gateway, from the metrics it serves on `/metrics` (upstream
 * keti-openfx/openfx metrics/metrics.go: `gateway_function_invocation_total`, the `gateway_functions_seconds`
 * histogram and `gateway_service_count`, all labelled `function_name`).
 */
export function openFxGatewayDashboard(datasourceUid: string, job = 'gateway'): GrafanaDashboardModel {
  const selector = `job="${job}"`;
  return dashboard('openfx-gateway', 'OpenFx gateway', ['openfx'], [
    timeseriesPanel(1, datasourceUid, {
      title: 'Invocations per second',
      expr: `sum by (function_name) (rate(gateway_function_invocation_total{${selector}}[5m]))`,
      legend: '{{function_name}}',
      unit: 'reqps',
      x: 0,
      y: 0,
    }),
    timeseriesPanel(2, datasourceUid, {
      title: 'Duration, 95th percentile',
      expr: `histogram_quantile(0.95, sum by (function_name, le) (rate(gateway_functions_seconds_bucket{${selector}}[5m])))`,
      legend: '{{function_name}}',
      unit: 's',
      x: 12,
      y: 0,
    }),
    timeseriesPanel(3, datasourceUid, {
      title: 'Mean duration',
      expr: `sum by (function_name) (rate(gateway_functions_seconds_sum{${selector}}[5m])) / sum by (function_name) (rate(gateway_functions_seconds_count{${selector}}[5m]))`,
      legend: '{{function_name}}',
      unit: 's',
      x: 0,
      y: 8,
    }),
    timeseriesPanel(4, datasourceUid, {
      title: 'Replicas',
      expr: `gateway_service_count{${selector}}`,
      legend: '{{function_name}}',
      unit: 'short',
      x: 12,
      y: 8,
    }),
  ]);
}
