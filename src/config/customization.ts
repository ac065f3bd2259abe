import { z } from 'zod';
import { CpuQuantity, DnsLabel, DnsSubdomain, explain, Labels, Quantity } from './fields';

/**
 * The parts of a cluster file that change hanok's generated objects directly, as kustomize's `patches` do, and the
 * typed settings most sites need instead of a patch (replicas, resources, node selectors, tolerations, priority).
 * Both are applied to the objects before every output check, so a patch that breaks something is caught like any
 * hand-written mistake.
 */

const LABEL_SELECTOR_TERM = /^\s*!?[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?\s*((==?|!=)\s*([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\s*)?$/;

/** An equality-based label selector as kubectl writes it: `app=registry,tier!=cache,managed`, `!legacy`. */
export const LabelSelectorText = z
  .string()
  .max(1024)
  .refine(
    (text) => text.split(',').every((term) => LABEL_SELECTOR_TERM.test(term)),
    explain('not a label selector', 'comma-separated key=value, key!=value, key or !key terms, such as app=docker-registry'),
  );

export const PatchTargetSpec = z
  .strictObject({
    group: z.string().max(253).optional().describe('API group of the objects, `""` for the core group. - any group.'),
    version: z.string().max(63).optional().describe('API version of the objects, such as `v1`. - any version.'),
    kind: z.string().max(63).regex(/^[A-Z][A-Za-z0-9]*$/, explain('not a Kubernetes kind', 'a kind such as Deployment')).optional().describe('Kind of the objects. - any kind.'),
    namespace: DnsLabel.optional().describe('Namespace of the objects. - any namespace.'),
    name: DnsSubdomain.optional().describe('Name of the object. - any name.'),
    labelSelector: LabelSelectorText.optional().describe('Labels the objects carry. - any labels.'),
  })
  .refine(
    (target) => Object.values(target).some((value) => value !== undefined),
    explain('the target selects every object', 'at least one of group, version, kind, namespace, name or labelSelector'),
  )
  .describe('Which generated objects a patch changes; every field given must match.');

const JSON_POINTER = /^(\/([^~/]|~[01])*)+$/;
const JsonPointer = z.string().max(1024).regex(JSON_POINTER, explain('not a JSON pointer', 'a path such as /spec/replicas or /metadata/annotations/example.org~1key'));

export const JsonPatchOperationSpec = z
  .discriminatedUnion('op', [
    z.strictObject({ op: z.literal('add'), path: JsonPointer, value: z.unknown().optional() }),
    z.strictObject({ op: z.literal('replace'), path: JsonPointer, value: z.unknown().optional() }),
    z.strictObject({ op: z.literal('test'), path: JsonPointer, value: z.unknown().optional() }),
    z.strictObject({ op: z.literal('remove'), path: JsonPointer }),
    z.strictObject({ op: z.literal('move'), from: JsonPointer, path: JsonPointer }),
    z.strictObject({ op: z.literal('copy'), from: JsonPointer, path: JsonPointer }),
  ])
  .superRefine((operation, context) => {
    if (['add', 'replace', 'test'].includes(operation.op) && (operation as { value?: unknown }).value === undefined) {
      context.addIssue({ code: 'custom', path: ['value'], input: undefined, message: explain('the operation has no value', 'a value for add, replace and test').message });
    }
  })
  .describe('One RFC 6902 operation.');

export const PatchSpec = z
  .strictObject({
    target: PatchTargetSpec,
    strategicMerge: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'A strategic-merge patch, as `kubectl patch --type strategic` applies it: maps merge, `null` removes a field, lists of containers, volumes, env, ports and the like merge by their key (name, mountPath, containerPort, ...), other lists are replaced; `$patch: delete` removes a list item or map, `$patch: replace` replaces a map.',
      ),
    jsonPatch: z.array(JsonPatchOperationSpec).min(1).max(100).optional().describe('RFC 6902 operations, applied in order.'),
  })
  .refine(
    (patch) => (patch.strategicMerge === undefined) !== (patch.jsonPatch === undefined),
    explain('a patch needs exactly one of strategicMerge or jsonPatch', 'either strategicMerge or jsonPatch'),
  )
  .describe('A change to generated objects, applied before the output checks. A patch that matches no object is an error.');

const ResourceList = z
  .strictObject({
    cpu: CpuQuantity.optional(),
    memory: Quantity.optional(),
  })
  .describe('CPU and memory quantities.');

export const ContainerResourcesSpec = z
  .strictObject({
    requests: ResourceList.optional().describe('What the scheduler reserves. - as generated.'),
    limits: ResourceList.optional().describe('The most the container may use. - as generated.'),
  })
  .describe('Requests and limits of one container; each quantity given replaces the generated one.');

export const TolerationSpec = z
  .strictObject({
    key: z.string().max(317).optional(),
    operator: z.enum(['Exists', 'Equal']).optional(),
    value: z.string().max(63).optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    tolerationSeconds: z.number().int().min(0).optional(),
  })
  .describe('A Kubernetes toleration.');

const WORKLOAD_KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const WorkloadSettingsSpec = z
  .strictObject({
    replicas: z.number().int().min(0).max(1000).optional().describe('Replicas of a Deployment or StatefulSet. - as generated.'),
    resources: z
      .record(DnsLabel, ContainerResourcesSpec)
      .optional()
      .describe('Requests and limits per container name. - as generated.'),
    nodeSelector: Labels.optional().describe('Node labels the pods must run on, merged into the generated selector. - as generated.'),
    tolerations: z.array(TolerationSpec).max(50).optional().describe('Tolerations of the pods; replaces the generated list. - as generated.'),
    priorityClassName: DnsSubdomain.optional().describe('PriorityClass of the pods. - as generated.'),
  })
  .describe('Settings of one generated workload.');

export const WorkloadsSpec = z
  .record(
    z.string().regex(WORKLOAD_KEY, explain('not a workload name', 'namespace/name of a generated Deployment, StatefulSet or DaemonSet, such as registry/docker-registry')),
    WorkloadSettingsSpec,
  )
  .describe(
    'Typed settings for generated workloads, by `namespace/name` (as they appear in dist/): replicas, resources, node selectors, tolerations and priority class. Each must name a workload the cluster generates.',
  );

export type PatchConfig = z.infer<typeof PatchSpec>;
export type PatchTargetConfig = z.infer<typeof PatchTargetSpec>;
export type WorkloadSettingsConfig = z.infer<typeof WorkloadSettingsSpec>;
