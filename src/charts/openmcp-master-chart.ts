import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { DeepReadonly } from '../config/cluster';
import { OpenMcpMasterSettings, ResolvedOpenMcpMasterConfig } from '../config/types';
import { NfsConfig } from '../config/schema';
import { CustomResourceDefinitions } from '../constructs/custom-resource-definitions';
import { MetalLb } from '../constructs/metallb';
import { OpenMcpCluster } from '../constructs/openmcp-cluster';
import { OPENMCP_NAMESPACE, OpenMcpController, OpenMcpControllerProps } from '../constructs/openmcp-controller';
import { OpenMcpControllerName } from '../versions/component-options';
import { OpenMcpControllerRbac } from '../constructs/openmcp-controller-rbac';
import { OpenMcpDefaultPolicies } from '../constructs/openmcp-default-policies';
import { KUBEFED_NAMESPACE } from '../constructs/openmcp-domain';
import { OpenMcpExampleApp } from '../constructs/openmcp-example-app';
import { INFLUXDB_CREDENTIALS_SECRET, OpenMcpInfluxDb } from '../constructs/openmcp-influxdb';
import { PrivateRegistry } from '../constructs/private-registry';
import { SuppliedSecret } from '../constructs/supplied-secret';
import { HanokChart } from './hanok-chart';


/** KubeFed's namespace is declared here but its pods are KubeFed's own. */
const KUBEFED_POD_SECURITY = {
  enforce: 'baseline',
  reason: 'KubeFed, a prerequisite installed outside hanok, runs its controller manager and webhook here; hanok does not write those pods and cannot vouch that they meet restricted',
} as const;
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

export interface OpenMcpMasterChartProps {
  /** The master's section; with `memberSettings` when loaded with its folder, else no member is recorded. */
  readonly openmcp: DeepReadonly<ResolvedOpenMcpMasterConfig>;
  /** The master's settings as its members see them (the external IP resolved). */
  readonly settings: OpenMcpMasterSettings;
  /** The NFS export that keeps InfluxDB's data. */
  readonly nfs: DeepReadonly<NfsConfig>;
  /** The registry whose pull Secret the pods name. */
  readonly registry: PrivateRegistry;
  /** MetalLB of the networking layer: the LoadBalancer Services get their addresses from its pools. @default - none */
  readonly metalLb?: MetalLb;
}

/**
 * OpenMCP layer of a master cluster (seed 001, "OpenMCP 기본 모듈 배포"): namespace `openmcp`, the 21 OpenMCP CRDs,
 * the enabled controllers each with its own `openmcp:<controller>` ClusterRole, an OpenMCPCluster JOIN record per member,
 * InfluxDB on NFS and the default OpenMCPPolicy
 * objects. Every address and port the controllers get is computed from the configuration, not replaced with sed.
 */
export class OpenMcpMasterChart extends HanokChart {
  public readonly crds: CustomResourceDefinitions;
  public readonly influxDb: OpenMcpInfluxDb;
  public readonly controllers: ReadonlyMap<OpenMcpControllerName, OpenMcpController>;
  public readonly rbac: OpenMcpControllerRbac;
  public readonly policies: OpenMcpDefaultPolicies;
  public readonly exampleApp?: OpenMcpExampleApp;
  /** The OpenMCPCluster of each member, in the order of `members`. */
  public readonly memberClusters: readonly OpenMcpCluster[];

  constructor(scope: Construct, id: string, props: OpenMcpMasterChartProps) {
    super(scope, id, { layer: 'openmcp' });
    const config = props.openmcp;
    const settings = props.settings;
    const namespace = this.addNamespace(OPENMCP_NAMESPACE);
    namespace.metadata.addAnnotation('openmcp.hanok.dev/install-type', config.installType);

    this.crds = new CustomResourceDefinitions(this, 'Crds', { directory: 'openmcp', appName: 'openmcp' });
    const imagePullSecrets = props.registry.pullSecretsIn(this, OPENMCP_NAMESPACE);

    this.influxDb = new OpenMcpInfluxDb(this, 'InfluxDb', {
      nfs: props.nfs,
      nodePort: config.influxDbNodePort,
      image: config.influxDb.image,
      storageSize: config.influxDb.storageSize,
      imagePullSecrets,
    });

    const enabled = new Set(config.controllers);
    if (enabled.has('openmcp-cluster-manager')) {
      // The configuration refuses it too; this guards charts built without it (see OPENMCP_CLUSTER_MANAGER_REFUSED).
      throw new Error(
        'openmcp: openmcp-cluster-manager cannot be enabled: it joins members by rewriting /mnt/config and running upstream\'s install scripts from /init; members join through their own layers, the OpenMCPCluster records and scripts/node/openmcp-join.sh',
      );
    }
    if (enabled.has('openmcp-dns-controller')) {
      new SuppliedSecret(this, 'PowerDnsApiKey', {
        name: config.powerDns.apiKeySecretName,
        namespace: OPENMCP_NAMESPACE,
        keys: { 'api-key': 'the PowerDNS API key (PowerDNS `api-key` setting)' },
        purpose: 'the OpenMCP DNS controller writes the federation\'s records through the PowerDNS API',
      });
    }
    if (enabled.has('openmcp-apiserver')) {
      new SuppliedSecret(this, 'ApiServerCredentials', {
        name: config.apiServerSecretName,
        namespace: OPENMCP_NAMESPACE,
        keys: {
          API_APP_KEY: 'application key clients of the OpenMCP API present',
          API_USER_NAME: 'user name of the OpenMCP API',
          API_USER_PW: 'password of that user',
        },
        purpose: 'logins of the OpenMCP API server',
      });
      new SuppliedSecret(this, 'ApiServerTls', {
        name: config.apiServerTlsSecretName,
        namespace: OPENMCP_NAMESPACE,
        type: 'kubernetes.io/tls',
        keys: { 'tls.crt': 'certificate of the OpenMCP API server', 'tls.key': 'its private key' },
        purpose: `TLS of the OpenMCP API server, mounted at ${OPENMCP_APISERVER_CERT_PATH} as server.crt and server.key`,
      });
    }

    const value = (name: string, text: string | number): k8s.EnvVar => ({ name, value: String(text) });
    const fromSecret = (name: string, secret: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    const influxEnv = [
      value('INFLUX_IP', settings.externalIp),
      value('INFLUX_PORT', this.influxDb.nodePort),
      fromSecret('INFLUX_USERNAME', INFLUXDB_CREDENTIALS_SECRET, 'INFLUXDB_USERNAME'),
      fromSecret('INFLUX_PASSWORD', INFLUXDB_CREDENTIALS_SECRET, 'INFLUXDB_PASSWORD'),
    ];
    const grpcEnv = [value('GRPC_SERVER', settings.externalIp), value('GRPC_PORT', config.analyticEngineNodePort)];
    const pullSecretEnv = [value('dockerSecretName', props.registry.pullSecretName)];
    const bigger = { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' };
    const lbAnnotations = config.lbControllerExternalIp ? { 'metallb.universe.tf/loadBalancerIPs': config.lbControllerExternalIp } : undefined;

    /** What each controller needs beyond the common settings (upstream-facts, controller table). */
    const specifics: Partial<Record<OpenMcpControllerName, Omit<OpenMcpControllerProps, 'controller'>>> = {
      'openmcp-analytic-engine': {
        env: influxEnv,
        port: { name: 'grpc', containerPort: ANALYTIC_ENGINE_PORT },
        service: { type: 'NodePort', nodePort: config.analyticEngineNodePort },
        resources: bigger,
      },
      'openmcp-apiserver': {
        env: [
          fromSecret('API_APP_KEY', config.apiServerSecretName, 'API_APP_KEY'),
          fromSecret('API_USER_NAME', config.apiServerSecretName, 'API_USER_NAME'),
          fromSecret('API_USER_PW', config.apiServerSecretName, 'API_USER_PW'),
          ...influxEnv,
        ],
        port: { name: 'http', containerPort: APISERVER_PORT },
        service: { type: 'LoadBalancer', nodePort: config.apiServerNodePort },
        secretMounts: [{ name: 'certs', secretName: config.apiServerTlsSecretName, mountPath: OPENMCP_APISERVER_CERT_PATH, files: OPENMCP_APISERVER_CERT_FILES }],
      },
      'openmcp-metric-collector': {
        env: influxEnv,
        port: { name: 'grpc', containerPort: METRIC_COLLECTOR_PORT },
        service: { type: 'NodePort', nodePort: config.metricCollectorNodePort },
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
          nodePort: config.loadBalancingControllerNodePort,
          // Keeps the client's address, which the controller scores clusters by.
          externalTrafficPolicy: 'Local',
          annotations: lbAnnotations,
        },
      },
      'openmcp-ingress-controller': { env: config.lbControllerExternalIp ? [value('LB_EXTERNAL_IP', config.lbControllerExternalIp)] : [] },
      'openmcp-dns-controller': {
        env: [
          value('PDNS_IP', config.powerDns.internalIp),
          value('PDNS_PORT', config.powerDns.apiPort),
          fromSecret('PDNS_API_KEY', config.powerDns.apiKeySecretName, 'api-key'),
        ],
        port: { name: 'http', containerPort: DNS_CONTROLLER_PORT },
      },
    };

    const controllers = new Map<OpenMcpControllerName, OpenMcpController>();
    for (const name of [...config.controllers].sort()) {
      const controller = new OpenMcpController(this, name, {
        controller: name,
        namespace: OPENMCP_NAMESPACE,
        image: config.images[name],
        imagePullSecrets,
        ...specifics[name],
      });
      if (specifics[name]?.service?.type === 'LoadBalancer' && (props.metalLb?.pools.length ?? 0) === 0) {
        throw new Error(`openmcp: ${name} needs a LoadBalancer address, but 'metalLb' has no address pool`);
      }
      controllers.set(name, controller);
    }
    this.controllers = controllers;

    // Every controller reads the members' credentials in kubefed's namespace, which kubefed (a prerequisite) also creates.
    if (!config.clusterAdmin) {
      this.addNamespace(KUBEFED_NAMESPACE, KUBEFED_POD_SECURITY);
    }
    this.rbac = new OpenMcpControllerRbac(this, 'Rbac', {
      serviceAccounts: [...controllers.values()],
      clusterAdmin: config.clusterAdmin,
      pullSecretName: props.registry.pullSecretName,
    });

    // One JOIN record per declared member: without it the scheduler places nothing on the member.
    this.memberClusters = (config.memberSettings ?? []).map((member) => {
      const record = new OpenMcpCluster(this, `Member-${member.clusterName}`, {
        clusterName: member.clusterName,
        serverIp: member.serverIp,
        region: member.region,
        zone: member.zone,
        networkLocation: member.networkLocation,
        metalLbRange: member.metalLbRange,
      });
      record.node.addDependency(this.crds);
      return record;
    });

    const policies = config.policies;
    this.policies = new OpenMcpDefaultPolicies(this, 'Policies', {
      namespace: OPENMCP_NAMESPACE,
      analyticMetricsWeight: policies.analyticMetricsWeight,
      hpaMinMaxDistributionMode: policies.hpaMinMaxDistributionMode,
      cpaPeriod: policies.cpaPeriod,
      lbScoringWeight: policies.lbScoringWeight,
      logLevel: policies.logLevel,
      metricCollectorPeriod: policies.metricCollectorPeriod,
      postSchedulingType: policies.postSchedulingType,
      schedulingAlgorithm: policies.schedulingAlgorithm,
      hasTargetClusters: policies.hasTargetClusters,
    });
    this.policies.node.addDependency(this.crds);

    if (config.exampleApp) {
      // OpenMCPDomain objects live in kubefed's namespace, which kubefed (a prerequisite) also creates.
      if (config.clusterAdmin) {
        this.addNamespace(KUBEFED_NAMESPACE, KUBEFED_POD_SECURITY);
      }
      this.exampleApp = new OpenMcpExampleApp(this, 'ExampleApp', { namespace: OPENMCP_NAMESPACE });
      this.exampleApp.node.addDependency(this.crds);
    }
  }
}
