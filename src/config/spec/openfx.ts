import { z } from 'zod';
import { GRAFANA_IMAGE, OPENFX_GATEWAY_IMAGE, OPENFX_WATCHER_IMAGE, PROMETHEUS_IMAGE } from '../../versions/images';
import { OPENFX_FUNCTION_PORT, OPENFX_PULL_POLICIES, OPENFX_RUNTIMES } from '../../versions/component-options';
import { IMAGE_REPOSITORY } from '../../kube/image-reference';
import { CpuQuantity, DnsLabel, DnsSubdomain, explain, ImageReference, ImageTag, NodePort, PrometheusDuration, Quantity, refuseMaxBelowMin } from '../fields';

/** The OpenFx layer: the gateway, its Prometheus and Grafana, and functions kept in git (`spec.openfx`). */

const ImageRepository = z
  .string()
  .max(255)
  .regex(
    IMAGE_REPOSITORY,
    explain('not a valid image repository', 'a repository path inside the registry, without host or tag, such as fxgateway'),
  );

/** A function names a Service, so it is an RFC 1035 label: it starts with a letter. */
const FunctionName = z
  .string()
  .max(63)
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    explain('not a valid function name', 'lower-case letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters'),
  );

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, explain('not a valid environment variable name', 'letters, digits and "_", not starting with a digit'));

export const OpenFxFunctionSpec = z
  .strictObject({
    name: FunctionName.describe('Function name: names its Deployment, Service and HorizontalPodAutoscaler; the gateway invokes it by it.'),
    runtime: z.enum(OPENFX_RUNTIMES).describe('Executor runtime; must be one of spec.openfx.runtimes.'),
    image: ImageReference.optional().describe(
      `Image of the function, built on the runtime's executor. - the registry's \`${OPENFX_WATCHER_IMAGE.repository}:${OPENFX_WATCHER_IMAGE.tag}-<runtime>\`.`,
    ),
    env: z.record(EnvName, z.string()).default({}).describe(`Environment of the function. \`PORT\` is reserved: the gateway always dials port ${OPENFX_FUNCTION_PORT}.`),
    minReplicas: z.number().int().min(1).max(100).describe('Fewest replicas the autoscaler keeps.'),
    maxReplicas: z.number().int().min(1).max(100).describe('Most replicas the autoscaler starts; at least minReplicas.'),
    targetCpuUtilization: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(50)
      .describe('Average CPU use, in percent of the CPU request, the autoscaler aims for.'),
    cpu: CpuQuantity.default('100m').describe('CPU request of each replica; the autoscaler measures against it.'),
    memory: Quantity.default('128Mi').describe('Memory request and limit of each replica.'),
  })
  .superRefine((fn, context) => {
    refuseMaxBelowMin(context, { field: 'maxReplicas', value: fn.maxReplicas }, { field: 'minReplicas', value: fn.minReplicas });
    if ('PORT' in fn.env) {
      context.addIssue({
        code: 'custom',
        path: ['env', 'PORT'],
        input: fn.env.PORT,
        message: explain('PORT is reserved for the executor', `no PORT: functions always serve on ${OPENFX_FUNCTION_PORT}`).message,
      });
    }
  })
  .describe('An OpenFx function kept in git: what the gateway would deploy, with a CPU autoscaler.');

export const OpenFxSpec = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Whether the OpenFx layer (seed 000) is synthesized.'),
    namespace: DnsLabel.default('openfx').describe('Namespace of the gateway, Prometheus and Grafana.'),
    functionNamespace: DnsLabel.default('openfx-fn').describe('Namespace the gateway deploys functions to (`FUNCTION_NAMESPACE`).'),
    gatewayImageName: ImageRepository.default(OPENFX_GATEWAY_IMAGE.repository).describe('Repository of the gateway image in the private registry.'),
    gatewayImageTag: ImageTag.default(OPENFX_GATEWAY_IMAGE.tag).describe('Tag of the gateway image.'),
    gatewayNodePort: NodePort.default(31113).describe('NodePort of the gateway (gRPC and REST on port 10000).'),
    imagePullPolicy: z
      .enum(OPENFX_PULL_POLICIES)
      .default('IfNotPresent')
      .describe('Pull policy of the function pods the gateway creates (`IMAGE_PULL_POLICY`). `Always` breaks air-gapped sites.'),
    runtimes: z
      .array(z.enum(OPENFX_RUNTIMES))
      .min(1)
      .default([...OPENFX_RUNTIMES])
      .describe(`Executor runtimes offered; each is the registry image \`${OPENFX_WATCHER_IMAGE.repository}:${OPENFX_WATCHER_IMAGE.tag}-<runtime>\`.`),
    prometheusImage: ImageReference.default(PROMETHEUS_IMAGE).describe('Image of the OpenFx Prometheus.'),
    prometheusNodePort: NodePort.default(31119).describe('NodePort of the OpenFx Prometheus.'),
    prometheusStorageSize: Quantity.default('10Gi').describe(
      'Size of the NFS volume `<exportPath>/openfx-prometheus`; the directory must be owned by user 65534.',
    ),
    scrapeInterval: PrometheusDuration.default('15s').describe('How often the OpenFx Prometheus scrapes the gateway and node_exporter.'),
    retention: PrometheusDuration.default('15d').describe('How long the OpenFx Prometheus keeps samples.'),
    grafanaImage: ImageReference.default(GRAFANA_IMAGE).describe('Image of the OpenFx Grafana.'),
    grafanaNodePort: NodePort.default(30949).describe('NodePort of the OpenFx Grafana.'),
    grafanaStorageSize: Quantity.default('1Gi').describe('Size of the NFS volume `<exportPath>/openfx-grafana`; the directory must be owned by user 472.'),
    grafanaAdminSecretName: DnsSubdomain.default('grafana').describe(
      'Secret with keys `admin-username` and `admin-password` for the first Grafana administrator. Supplied at apply time, never in git.',
    ),
    functions: z.array(OpenFxFunctionSpec).default([]).describe('Functions deployed from git, next to those deployed through the gateway.'),
  })
  .describe('OpenFx serverless functions: the fxgateway, its Prometheus and Grafana, and functions declared in git.');
