import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { DeepReadonly } from '../src/config/cluster';
import { OpenMcpMasterSettings } from '../src/config/openmcp';
import { NfsConfig, OpenMcpMasterConfig } from '../src/config/schema';
import { CustomResourceDefinitions } from '../src/constructs/custom-resource-definitions';
import { MetalLb } from '../src/constructs/metallb';
import {
  OPENMCP_NAMESPACE,
  OpenMcpController,
  OpenMcpControllerName,
  OpenMcpControllerProps,
} from '../src/constructs/openmcp-controller';
import { OpenMcpControllerRbac } from '../src/constructs/openmcp-controller-rbac';
import { OpenMcpDefaultPolicies } from '../src/constructs/openmcp-default-policies';
import { KUBEFED_NAMESPACE } from '../src/constructs/openmcp-domain';
import { OpenMcpExampleApp } from '../src/constructs/openmcp-example-app';
import { INFLUXDB_CREDENTIALS_SECRET, OpenMcpInfluxDb } from '../src/constructs/openmcp-influxdb';
import { PrivateRegistry } from '../src/constructs/private-registry';
import { SuppliedSecret } from '../src/constructs/supplied-secret';
import { HanokChart } from './hanok-chart';

/** Where the API server's TLS certificate appears. */
export const OPENMCP_APISERVER_CERT_PATH = '/etc/openmcp/certs';

/** Ports the controllers serve (upstream operator.yaml and service.yaml). */
const ANALYTIC_ENGINE_PORT = 2050;
const METRIC_COLLECTOR_PORT = 2051;
const APISERVER_PORT = 8080;
const DNS_CONTROLLER_PORT = 8080;
const LOADBALANCER_PORT = 80;

export interface OpenMcpMasterChartProps {
  readonly openmcp: DeepReadonly<OpenMcpMasterConfig>;
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
 * the enabled controllers with the `openmcp-controller` ClusterRole, InfluxDB on NFS and the default OpenMCPPolicy
 * objects. Every address and port the controllers get is computed from the configuration, not replaced with sed.
 */
export class OpenMcpMasterChart extends HanokChart {
  public readonly crds: CustomResourceDefinitions;
  public readonly influxDb: OpenMcpInfluxDb;
  public readonly controllers: ReadonlyMap<OpenMcpControllerName, OpenMcpController>;
  public readonly rbac: OpenMcpControllerRbac;
  public readonly policies: OpenMcpDefaultPolicies;
  public readonly exampleApp?: OpenMcpExampleApp;

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
        purpose: `TLS of the OpenMCP API server, mounted at ${OPENMCP_APISERVER_CERT_PATH}`,
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
      'openmcp-cluster-manager': { env: influxEnv },
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
        secretMounts: [{ name: 'certs', secretName: config.apiServerTlsSecretName, mountPath: OPENMCP_APISERVER_CERT_PATH }],
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

    this.rbac = new OpenMcpControllerRbac(this, 'Rbac', {
      serviceAccounts: [...controllers.values()],
      openMcpResources: this.crds.names.map((name) => name.split('.')[0]),
      clusterAdmin: config.clusterAdmin,
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
      this.addNamespace(KUBEFED_NAMESPACE, {
        enforce: 'baseline',
        reason: 'KubeFed, a prerequisite installed outside hanok, runs its controller manager and webhook here; hanok does not write those pods and cannot vouch that they meet restricted',
      });
      this.exampleApp = new OpenMcpExampleApp(this, 'ExampleApp', { namespace: OPENMCP_NAMESPACE });
      this.exampleApp.node.addDependency(this.crds);
    }
  }
}
