import { z } from 'zod';
import { hasTagOrDigest, IMAGE_REFERENCE, IMAGE_TAG } from '../kube/image-reference';
import { isCidr, isIpv4 } from '../kube/ipv4';
import { DNS_LABEL, DNS_SUBDOMAIN, isHostOrAddress, isLabelKey, LABEL_VALUE } from '../kube/names';
import { QUANTITY } from '../kube/quantity';

/**
 * Field types shared by every section of the cluster schema. Each carries an `expected` text, which the error
 * formatter prints after the value it got, so every message reads `what is wrong (got X, expected Y)`.
 */

const EXPECTATIONS = new Map<string, string>();

/**
 * Options for a zod check whose failure reads `message`; `expected` is recorded so the error formatter can print it
 * after the value it got. zod passes custom params only for refinements, hence the lookup by message.
 */
export function explain(message: string, expected: string): { message: string } {
  const previous = EXPECTATIONS.get(message);
  if (previous !== undefined && previous !== expected) {
    throw new Error(`check message "${message}" is already explained as "${previous}"`);
  }
  EXPECTATIONS.set(message, expected);
  return { message };
}

/** Reports `max` at `maxField` when it is below `min`: the replica bounds of an autoscaler, in house words. */
export function refuseMaxBelowMin(context: z.RefinementCtx, max: { field: string; value: number }, min: { field: string; value: number }): void {
  if (max.value < min.value) {
    context.addIssue({
      code: 'custom',
      path: [max.field],
      input: max.value,
      message: explain(`below ${min.field}`, `a number at least ${min.field}`).message,
    });
  }
}

/**
 * Reports a field a section needs while it is enabled and that is missing: `required when <condition>` (say, `the
 * dashboard is enabled`), with `expected` as what would have been accepted.
 */
export function requireWhenEnabled(context: z.RefinementCtx, enabled: boolean, field: { name: string; value: unknown }, condition: string, expected: string): void {
  if (enabled && field.value === undefined) {
    context.addIssue({
      code: 'custom',
      path: [field.name],
      input: field.value,
      message: explain(`required when ${condition}`, expected).message,
    });
  }
}

/** What a check that failed with this message would have accepted. */
export function expectationFor(message: string): string | undefined {
  return EXPECTATIONS.get(message);
}

export const DnsLabel = z
  .string()
  .max(63)
  .regex(DNS_LABEL, explain('not a valid DNS label', 'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters'));

export const DnsSubdomain = z
  .string()
  .max(253)
  .regex(DNS_SUBDOMAIN, explain('not a valid DNS name', 'dot-separated DNS labels such as registry.example.org'));

export const Ipv4Address = z.string().refine(isIpv4, explain('not a valid IPv4 address', 'a dotted quad such as 192.168.111.10'));

export const Ipv4Cidr = z.string().refine(isCidr, explain('not a valid IPv4 CIDR block', 'a network address with a prefix length, such as 10.244.0.0/16'));

export const HostOrAddress = z.string().refine(isHostOrAddress, explain('not a host name or IPv4 address', 'an IPv4 address or a DNS name'));

export const HostPort = z.string().refine(
  (text) => {
    const match = /^(.+):(\d{1,5})$/.exec(text);
    return !!match && isHostOrAddress(match[1]) && Number(match[2]) > 0 && Number(match[2]) < 65536;
  },
  explain('not a host:port pair', 'host:port, such as 192.168.111.169:6443'),
);

export const AbsolutePath = z.string().refine((text) => /^\/[^\s]*$/.test(text) && !text.split('/').includes('..'), explain('not an absolute path', 'an absolute path without spaces or "..", such as /share_storage'));

export const Quantity = z.string().regex(QUANTITY, explain('not a Kubernetes quantity', 'a number with an optional unit, such as 10Gi or 500Mi'));

/** A Service NodePort: Kubernetes' default NodePort range. Each use is checked for uniqueness across the cluster. */
export const NodePort = z
  .number()
  .int()
  .min(30000, explain('outside the NodePort range', 'an integer from 30000 to 32767'))
  .max(32767, explain('outside the NodePort range', 'an integer from 30000 to 32767'));

/** A pinned container image reference. `latest` and untagged references are rejected: they break air-gapped sites. */
export const ImageReference = z
  .string()
  .regex(IMAGE_REFERENCE, explain('not a valid image reference', 'registry/repository:tag or repository@sha256:digest'))
  .refine(hasTagOrDigest, explain('image is not pinned', 'an explicit tag or digest, such as registry:2.8.3'))
  .refine((text) => !/:latest(@|$)/.test(text), explain('the latest tag is not pinned', 'a versioned tag such as registry:2.8.3'));

/** Kubernetes label keys and values, with the API server's own syntax rules. */
export const Labels = z.record(
  z.string().refine(isLabelKey, explain('not a valid label key', '[prefix/]name, name at most 63 characters')),
  z.string().max(63).regex(LABEL_VALUE, explain('not a valid label value', 'at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit')),
);

/** A pinned image tag on its own (beside a repository field, or in an override): `latest` is refused. */
export const ImageTag = z
  .string()
  .regex(IMAGE_TAG, explain('not a valid image tag', 'letters, digits, "_", "." or "-", such as v1.12.1'))
  .refine((tag) => tag !== 'latest', explain('the latest tag is not pinned', 'a versioned tag such as registry:2.8.3'));

/** A Prometheus duration such as 30s or 15d (also read by metrics-server's `--metric-resolution`). */
export const PrometheusDuration = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d|w|y))+$/, explain('not a duration', 'a number with a unit (ms, s, m, h, d, w, y), such as 30s or 15d'));

/** CPU: whole or decimal cores, or millicores such as 250m (a layer's CPU request, or a workload's in spec.workloads). */
export const CpuQuantity = z
  .string()
  .regex(/^(\d+m|\d+(\.\d+)?)$/, explain('not a CPU quantity', 'cores such as 0.5 or 2, or millicores such as 250m'));

/** A TCP or UDP port number outside the NodePort rule: 1 to 65535. */
export const Port = z.number().int().min(1).max(65535);
