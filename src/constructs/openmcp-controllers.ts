import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { OPENMCP_NAMESPACE, OpenMcpController, OpenMcpControllerProps } from './openmcp-controller';
import { OpenMcpControllerName } from '../versions/component-options';
import { INFLUXDB_CREDENTIALS_SECRET } from './openmcp-influxdb';
import { SuppliedSecret } from './supplied-secret';

/**
 * Where the API server's TLS certificate appears: openmcp-apiserver/src/main/main.go serves with
 * ListenAndServeTLS("/tmp/cert/server.crt", "/tmp/cert/server.key").
 */
export const OPENMCP_APISERVER_CERT_PATH = '/tmp/cert';
/** The kubernetes.io/tls keys under the file names the API server opens. */
const OPENMCP_APISERVER_CERT_FILES = { 'tls.crt': 'server.crt', 'tls.key': 'server.key' };

/** Ports the controllers serve (upstream operator.yaml and service.yaml). */
const ANALYTIC_ENGINE_PORT = 2050;
const METRIC_COLLECTOR_PORT = 2051;
const APISERVER_PORT = 8080;
const DNS_CONTROLLER_PORT = 8080;
const LOADBALANCER_PORT = 80;

/** Where the OpenMCP DNS controller writes the federation's records. */
export interface OpenMcpPowerDns {
  /** Address of the PowerDNS server (`PDNS_IP`). */
  readonly internalIp: string;
  /** Port of its HTTP API (`PDNS_PORT`). */
  readonly apiPort: number;
  /** Secret, supplied at apply time, whose `api-key` the controller presents. */
  readonly apiKeySecretName: string;
}

export interface OpenMcpControllersProps {
  /** The controllers to run; `openmcp-cluster-manager` is refused. */
  readonly controllers: readonly OpenMcpControllerName[];
  /** Image per controller. @default - OPENMCP_CONTROLLER_IMAGES */
  readonly images?: Readonly<Partial<Record<OpenMcpControllerName, string>>>;
  /** Pull Secrets the pods name. */
  readonly imagePullSecrets: readonly string[];
  /** The pull Secret the deployment and sync controllers copy into the workloads they create (`dockerSecretName`). */
  readonly pullSecretName: string;
  /** The master's address, where the controllers reach InfluxDB and the analytic engine through their NodePorts. */
  readonly externalIp: string;
  /** NodePort of InfluxDB (`INFLUX_PORT`). */
  readonly influxDbNodePort: number;
  /** NodePort of the analytic engine's gRPC port (`GRPC_PORT`). */
  readonly analyticEngineNodePort: number;
  /** NodePort of the metric collector's gRPC port. */
  readonly metricCollectorNodePort: number;
  /** NodePort of the API server's LoadBalancer Service. */
  readonly apiServerNodePort: number;
  /** NodePort of the load-balancing controller's LoadBalancer Service. */
  readonly loadBalancingControllerNodePort: number;
  /** Fixed LoadBalancer address of the load-balancing controller (`LB_EXTERNAL_IP`). @default - allocated by MetalLB */
  readonly lbControllerExternalIp?: string;
  readonly powerDns: OpenMcpPowerDns;
  /** Secret, supplied at apply time, with the API server's logins. */
  readonly apiServerSecretName: string;
  /** kubernetes.io/tls Secret, supplied at apply time, of the API server. */
  readonly apiServerTlsSecretName: string;
  /** Whether an address pool can give the LoadBalancer Services their addresses; those controllers need one. */
  readonly loadBalancerAddresses: boolean;
}

/**
 * The enabled OpenMCP controllers of a master, each with what it needs beyond the common settings (upstream-facts,
 * controller table): InfluxDB and analytic-engine addresses, ports and Services, and the Secrets the operator
 * supplies for the DNS controller and the API server. Every address and port is computed from the props.
 */
export class OpenMcpControllers extends Construct {
  public readonly controllers: ReadonlyMap<OpenMcpControllerName, OpenMcpController>;

  constructor(scope: Construct, id: string, props: OpenMcpControllersProps) {
    super(scope, id);
    const enabled = new Set(props.controllers);
    if (enabled.has('openmcp-cluster-manager')) {
      // The configuration refuses it too; this guards charts built without it (see OPENMCP_CLUSTER_MANAGER_REFUSED).
      throw new Error(
        'openmcp: openmcp-cluster-manager cannot be enabled: it joins members by rewriting /mnt/config and running upstream\'s install scripts from /init; members join through their own layers, the OpenMCPCluster records and scripts/node/openmcp-join.sh',
      );
    }
    if (enabled.has('openmcp-dns-controller')) {
      new SuppliedSecret(this, 'PowerDnsApiKey', {
        name: props.powerDns.apiKeySecretName,
        namespace: OPENMCP_NAMESPACE,
        keys: { 'api-key': 'the PowerDNS API key (PowerDNS `api-key` setting)' },
        purpose: 'the OpenMCP DNS controller writes the federation\'s records through the PowerDNS API',
      });
    }
    if (enabled.has('openmcp-apiserver')) {
      new SuppliedSecret(this, 'ApiServerCredentials', {
        name: props.apiServerSecretName,
        namespace: OPENMCP_NAMESPACE,
        keys: {
          API_APP_KEY: 'application key clients of the OpenMCP API present',
          API_USER_NAME: 'user name of the OpenMCP API',
          API_USER_PW: 'password of that user',
        },
        purpose: 'logins of the OpenMCP API server',
      });
      new SuppliedSecret(this, 'ApiServerTls', {
        name: props.apiServerTlsSecretName,
        namespace: OPENMCP_NAMESPACE,
        type: 'kubernetes.io/tls',
        keys: { 'tls.crt': 'certificate of the OpenMCP API server', 'tls.key': 'its private key' },
        purpose: `TLS of the OpenMCP API server, mounted at ${OPENMCP_APISERVER_CERT_PATH} as server.crt and server.key`,
      });
    }

    const specifics = controllerSpecifics(props);
    const controllers = new Map<OpenMcpControllerName, OpenMcpController>();
    for (const name of [...props.controllers].sort()) {
      const controller = new OpenMcpController(this, name, {
        controller: name,
        namespace: OPENMCP_NAMESPACE,
        image: props.images?.[name],
        imagePullSecrets: props.imagePullSecrets,
        ...specifics[name],
      });
      if (specifics[name]?.service?.type === 'LoadBalancer' && !props.loadBalancerAddresses) {
        throw new Error(`openmcp: ${name} needs a LoadBalancer address, but 'metalLb' has no address pool`);
      }
      controllers.set(name, controller);
    }
    this.controllers = controllers;
  }
}

/** What each controller needs beyond the common settings (upstream-facts, controller table). */
function controllerSpecifics(props: OpenMcpControllersProps): Partial<Record<OpenMcpControllerName, Omit<OpenMcpControllerProps, 'controller'>>> {
  const value = (name: string, text: string | number): k8s.EnvVar => ({ name, value: String(text) });
  const fromSecret = (name: string, secret: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  const influxEnv = [
    value('INFLUX_IP', props.externalIp),
    value('INFLUX_PORT', props.influxDbNodePort),
    fromSecret('INFLUX_USERNAME', INFLUXDB_CREDENTIALS_SECRET, 'INFLUXDB_USERNAME'),
    fromSecret('INFLUX_PASSWORD', INFLUXDB_CREDENTIALS_SECRET, 'INFLUXDB_PASSWORD'),
  ];
  const grpcEnv = [value('GRPC_SERVER', props.externalIp), value('GRPC_PORT', props.analyticEngineNodePort)];
  const pullSecretEnv = [value('dockerSecretName', props.pullSecretName)];
  const bigger = { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' };
  const lbAnnotations = props.lbControllerExternalIp ? { 'metallb.universe.tf/loadBalancerIPs': props.lbControllerExternalIp } : undefined;

  return {
    'openmcp-analytic-engine': {
      env: influxEnv,
      port: { name: 'grpc', containerPort: ANALYTIC_ENGINE_PORT },
      service: { type: 'NodePort', nodePort: props.analyticEngineNodePort },
      resources: bigger,
    },
    'openmcp-apiserver': {
      env: [
        fromSecret('API_APP_KEY', props.apiServerSecretName, 'API_APP_KEY'),
        fromSecret('API_USER_NAME', props.apiServerSecretName, 'API_USER_NAME'),
        fromSecret('API_USER_PW', props.apiServerSecretName, 'API_USER_PW'),
        ...influxEnv,
      ],
      port: { name: 'http', containerPort: APISERVER_PORT },
      service: { type: 'LoadBalancer', nodePort: props.apiServerNodePort },
      secretMounts: [{ name: 'certs', secretName: props.apiServerTlsSecretName, mountPath: OPENMCP_APISERVER_CERT_PATH, files: OPENMCP_APISERVER_CERT_FILES }],
    },
    'openmcp-metric-collector': {
      env: influxEnv,
      port: { name: 'grpc', containerPort: METRIC_COLLECTOR_PORT },
      service: { type: 'NodePort', nodePort: props.metricCollectorNodePort },
      resources: bigger,
    },
    'openmcp-deployment-controller': { env: pullSecretEnv },
    'openmcp-sync-controller': { env: pullSecretEnv },
    'openmcp-has-controller': { env: grpcEnv },
    'openmcp-scheduler': { env: grpcEnv },
    'openmcp-loadbalancing-controller': {
      env: grpcEnv,
      port: { name: 'http', containerPort: LOADBALANCER_PORT },
      service: {
        type: 'LoadBalancer',
        nodePort: props.loadBalancingControllerNodePort,
        // Keeps the client's address, which the controller scores clusters by.
        externalTrafficPolicy: 'Local',
        annotations: lbAnnotations,
      },
    },
    'openmcp-ingress-controller': { env: props.lbControllerExternalIp ? [value('LB_EXTERNAL_IP', props.lbControllerExternalIp)] : [] },
    'openmcp-dns-controller': {
      env: [
        value('PDNS_IP', props.powerDns.internalIp),
        value('PDNS_PORT', props.powerDns.apiPort),
        fromSecret('PDNS_API_KEY', props.powerDns.apiKeySecretName, 'api-key'),
      ],
      port: { name: 'http', containerPort: DNS_CONTROLLER_PORT },
    },
  };
}
