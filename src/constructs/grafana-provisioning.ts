import { createHash } from 'crypto';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { GrafanaDashboardModel } from './grafana-dashboards';

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** The API server rejects ConfigMaps above 1 MiB. */
const CONFIG_MAP_LIMIT = 1024 * 1024;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';

/** A datasource provisioned from `provisioning/datasources` (Grafana's provisioning file format). */
export interface GrafanaDatasource {
  /** Name shown in Grafana. */
  readonly name: string;
  /** Datasource type, e.g. `prometheus`. */
  readonly type: string;
  /** URL Grafana's server queries (`access: proxy`). */
  readonly url: string;
  /** Stable id dashboards refer to. @default - the name, lower-cased, with runs of other characters replaced by `-` */
  readonly uid?: string;
  /** @default false */
  readonly isDefault?: boolean;
  /** Type-specific settings (`jsonData`). @default - none */
  readonly jsonData?: Readonly<Record<string, unknown>>;
}

/** A dashboard provisioned from a ConfigMap. */
export interface GrafanaDashboard {
  /** File name without `.json`; letters, digits, `-`, `_` and `.`. */
  readonly name: string;
  /** The dashboard model, as Grafana exports it. */
  readonly model: GrafanaDashboardModel;
}

/** A datasource with its uid decided. */
export type ProvisionedDatasource = GrafanaDatasource & { readonly uid: string };

/**
 * The datasources with their uids filled in, checked: names and uids unique, at most one default. `owner` names
 * the server in messages, e.g. `Grafana 'grafana'`.
 */
export function resolveDatasources(owner: string, datasources: readonly GrafanaDatasource[]): ProvisionedDatasource[] {
  const resolved = datasources.map((source) => ({ ...source, uid: source.uid ?? defaultUid(source.name) }));
  checkUnique(owner, 'datasources', resolved.map((source) => source.name));
  checkUnique(owner, 'datasources', resolved.map((source) => source.uid));
  if (resolved.filter((source) => source.isDefault).length > 1) {
    throw new Error(`${owner}: more than one datasource sets 'isDefault' (${resolved.filter((source) => source.isDefault).map((source) => source.name).join(', ')})`);
  }
  return resolved;
}

/** Checks that every dashboard name can be a ConfigMap key and that no name is used twice. */
export function checkDashboards(owner: string, dashboards: readonly GrafanaDashboard[]): void {
  for (const board of dashboards) {
    if (!CONFIG_MAP_KEY.test(board.name)) {
      throw new Error(`${owner}: dashboard name ${JSON.stringify(board.name)} must consist of letters, digits, '-', '_' and '.'`);
    }
  }
  checkUnique(owner, 'dashboards', dashboards.map((board) => board.name));
}

export interface GrafanaProvisioningProps {
  /** How messages name the server, e.g. `Grafana 'grafana'`. */
  readonly owner: string;
  /** Prefix of the ConfigMap names (the server's name). */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Datasources as `resolveDatasources` returns them. */
  readonly datasources: readonly ProvisionedDatasource[];
  /** Dashboards checked with `checkDashboards`. */
  readonly dashboards: readonly GrafanaDashboard[];
}

/**
 * The ConfigMaps Grafana provisions itself from at start (`<name>-datasources`, `<name>-dashboard-providers`,
 * `<name>-dashboards`), the volumes and mounts that put them where Grafana reads them, and a checksum of their
 * content for the pod template, so a change restarts the pod.
 */
export class GrafanaProvisioning extends Construct {
  public readonly volumes: k8s.Volume[];
  public readonly volumeMounts: k8s.VolumeMount[];
  /** SHA-256 of the ConfigMaps' data, hex. */
  public readonly checksum: string;

  constructor(scope: Construct, id: string, props: GrafanaProvisioningProps) {
    super(scope, id);
    const { owner, labels, dashboards } = props;
    const configMaps: Array<{ id: string; name: string; data: Record<string, string>; mountPath: string }> = [
      {
        id: 'Datasources',
        name: `${props.name}-datasources`,
        mountPath: `${PROVISIONING_DIR}/datasources`,
        data: {
          'datasources.yaml': toYaml({
            apiVersion: 1,
            datasources: props.datasources.map((source) => ({
              name: source.name,
              uid: source.uid,
              type: source.type,
              access: 'proxy',
              url: source.url,
              isDefault: source.isDefault ?? false,
              editable: false,
              ...(source.jsonData ? { jsonData: { ...source.jsonData } } : {}),
            })),
          }),
        },
      },
      {
        id: 'DashboardProviders',
        name: `${props.name}-dashboard-providers`,
        mountPath: `${PROVISIONING_DIR}/dashboards`,
        data: {
          'dashboards.yaml': toYaml({
            apiVersion: 1,
            providers: [
              {
                name: 'hanok',
                orgId: 1,
                folder: '',
                type: 'file',
                disableDeletion: true,
                allowUiUpdates: false,
                updateIntervalSeconds: 60,
                options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: false },
              },
            ],
          }),
        },
      },
      {
        id: 'Dashboards',
        name: `${props.name}-dashboards`,
        mountPath: DASHBOARDS_DIR,
        data: Object.fromEntries(dashboards.map((board) => [`${board.name}.json`, `${JSON.stringify(board.model, null, 2)}\n`])),
      },
    ];
    const checksum = createHash('sha256');
    for (const configMap of configMaps) {
      const size = Object.entries(configMap.data).reduce((total, [key, value]) => total + key.length + Buffer.byteLength(value), 0);
      if (size > CONFIG_MAP_LIMIT) {
        throw new Error(`${owner}: ConfigMap '${configMap.name}' would hold ${size} bytes, above the API server's limit of ${CONFIG_MAP_LIMIT}; provision fewer or smaller dashboards`);
      }
      new k8s.KubeConfigMap(this, configMap.id, { metadata: { name: configMap.name, namespace: props.namespace, labels }, data: configMap.data });
      checksum.update(JSON.stringify(configMap.data));
    }

    this.checksum = checksum.digest('hex');
    this.volumeMounts = configMaps.map((configMap) => ({ name: configMap.name, mountPath: configMap.mountPath, readOnly: true }));
    this.volumes = configMaps.map((configMap) => ({ name: configMap.name, configMap: { name: configMap.name } }));
  }
}

function defaultUid(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'datasource';
}

function checkUnique(owner: string, what: string, names: readonly string[]): void {
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new Error(`${owner}: '${what}' lists '${duplicate}' twice`);
  }
}

function toYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false });
}
