import Ajv, { ValidateFunction } from 'ajv';

/**
 * A strict JSON Schema of the kubeadm.k8s.io/v1beta4 types, written from kubeadm's documented API
 * (kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4, types.go of cmd/kubeadm/app/apis/kubeadm/v1beta4)
 * as kubeadm 1.31 to 1.37 read it: unknown fields are errors, as in kubeadm's strict decoding, and `extraArgs` /
 * `kubeletExtraArgs` are lists of `{name, value}` (a v1beta3-style map fails). Also KubeletConfiguration's fields
 * hanok writes. For tests only: it checks hanok's kubeadm files as kubeadm would read them.
 */

type Schema = Record<string, unknown>;

const strict = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: string };
/** metav1.Duration: Go duration text such as `4m0s`. */
const duration: Schema = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$' };
const port: Schema = { type: 'integer', minimum: 0, maximum: 65535 };

const arg = strict({ name: { type: 'string', minLength: 1 }, value: string }, ['name', 'value']);
const args: Schema = { type: 'array', items: arg };
const envVar = strict({ name: string, value: string, valueFrom: { type: 'object' } }, ['name']);
const hostPathMount = strict({ name: string, hostPath: string, mountPath: string, readOnly: boolean, pathType: string }, ['name', 'hostPath', 'mountPath']);
const controlPlaneComponent = {
  extraArgs: args,
  extraVolumes: { type: 'array', items: hostPathMount },
  extraEnvs: { type: 'array', items: envVar },
};
const apiEndpoint = strict({ advertiseAddress: string, bindPort: port });
const taint = strict({ key: string, value: string, effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] }, timeAdded: string }, ['key', 'effect']);
const nodeRegistration = strict(
  {
    name: string,
    criSocket: string,
    taints: { type: 'array', items: taint },
    kubeletExtraArgs: args,
    ignorePreflightErrors: strings,
    imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
    imagePullSerial: boolean,
  },
);
const timeouts = strict({
  controlPlaneComponentHealthCheck: duration,
  kubeletHealthCheck: duration,
  kubernetesAPICall: duration,
  etcdAPICall: duration,
  tlsBootstrap: duration,
  discovery: duration,
  upgradeManifests: duration,
});
const patches = strict({ directory: string });
const bootstrapToken = strict(
  { token: string, description: string, ttl: duration, expires: string, usages: strings, groups: strings },
  ['token'],
);
const typeMeta = (kind: string) => ({ apiVersion: { const: 'kubeadm.k8s.io/v1beta4' }, kind: { const: kind } });

export const INIT_CONFIGURATION = strict(
  {
    ...typeMeta('InitConfiguration'),
    bootstrapTokens: { type: 'array', items: bootstrapToken },
    dryRun: boolean,
    nodeRegistration,
    localAPIEndpoint: apiEndpoint,
    certificateKey: string,
    skipPhases: strings,
    patches,
    timeouts,
  },
  ['apiVersion', 'kind'],
);

const imageMeta = { imageRepository: string, imageTag: string };
export const CLUSTER_CONFIGURATION = strict(
  {
    ...typeMeta('ClusterConfiguration'),
    etcd: strict({
      local: strict({ ...imageMeta, dataDir: string, extraArgs: args, extraEnvs: { type: 'array', items: envVar }, serverCertSANs: strings, peerCertSANs: strings }),
      external: strict({ endpoints: strings, httpEndpoints: strings, caFile: string, certFile: string, keyFile: string }, ['endpoints']),
    }),
    networking: strict({ serviceSubnet: string, podSubnet: string, dnsDomain: string }),
    kubernetesVersion: { type: 'string', pattern: '^v1\\.[0-9]+\\.[0-9]+$' },
    controlPlaneEndpoint: string,
    apiServer: strict({ ...controlPlaneComponent, certSANs: strings }),
    controllerManager: strict(controlPlaneComponent),
    scheduler: strict(controlPlaneComponent),
    dns: strict({ ...imageMeta, disabled: boolean }),
    proxy: strict({ disabled: boolean }),
    certificatesDir: string,
    imageRepository: string,
    featureGates: { type: 'object', additionalProperties: boolean },
    clusterName: string,
    encryptionAlgorithm: { enum: ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256', 'ECDSA-P384'] },
    certificateValidityPeriod: duration,
    caCertificateValidityPeriod: duration,
  },
  ['apiVersion', 'kind'],
);

export const JOIN_CONFIGURATION = strict(
  {
    ...typeMeta('JoinConfiguration'),
    dryRun: boolean,
    nodeRegistration,
    caCertPath: string,
    discovery: strict({
      bootstrapToken: strict({ token: string, apiServerEndpoint: string, caCertHashes: strings, unsafeSkipCAVerification: boolean }, ['token']),
      file: strict({ kubeConfigPath: string }, ['kubeConfigPath']),
      tlsBootstrapToken: string,
    }),
    controlPlane: strict({ localAPIEndpoint: apiEndpoint, certificateKey: string }),
    skipPhases: strings,
    patches,
    timeouts,
  },
  ['apiVersion', 'kind', 'discovery'],
);

/** The KubeletConfiguration fields hanok writes (kubelet.config.k8s.io/v1beta1). */
export const KUBELET_CONFIGURATION = strict(
  { apiVersion: { const: 'kubelet.config.k8s.io/v1beta1' }, kind: { const: 'KubeletConfiguration' }, cgroupDriver: { enum: ['systemd', 'cgroupfs'] } },
  ['apiVersion', 'kind'],
);

const ajv = new Ajv({ allErrors: true, strict: true });
const validators: Record<string, ValidateFunction> = {
  InitConfiguration: ajv.compile(INIT_CONFIGURATION),
  ClusterConfiguration: ajv.compile(CLUSTER_CONFIGURATION),
  JoinConfiguration: ajv.compile(JOIN_CONFIGURATION),
  KubeletConfiguration: ajv.compile(KUBELET_CONFIGURATION),
};

/** Problems of one document of a kubeadm file, as `kind: path: message`; [] when kubeadm 1.31+ would read it. */
export function kubeadmV1beta4Problems(document: unknown): string[] {
  const kind = (document as { kind?: unknown })?.kind;
  const validator = typeof kind === 'string' ? validators[kind] : undefined;
  if (!validator) {
    return [`unknown kind ${JSON.stringify(kind)}`];
  }
  return validator(document)
    ? []
    : (validator.errors ?? []).map((error) =>
      `${kind}: ${error.instancePath || '/'}: ${error.message}${error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperty: string }).additionalProperty})` : ''}`);
}
