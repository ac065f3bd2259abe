import { ManifestEntry } from './manifest';
import { apiGroupOf, describeObject } from '../kube/objects';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A Secret supplied at apply time (the link check's `ExternalSecretRef`). */
interface SuppliedSecretRef {
  readonly namespace: string;
  readonly name: string;
}

/** A broken reference (the link check's `LinkFailure`). */
interface LinkFailure {
  readonly entry: ManifestEntry;
  readonly field: string;
  readonly message: string;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTPRoute: ['HTTP', 'HTTPS'],
  GRPCRoute: ['HTTP', 'HTTPS'],
  TLSRoute: ['TLS'],
};

/**
 * The Gateway API part of the link check: every route's parent Gateway and listener (`parentRefs`, `sectionName`)
 * exist and accept the route (protocol, allowed namespaces and kinds); its backends are existing Services and
 * ports, in another namespace only with a ReferenceGrant there; a Gateway names an existing GatewayClass and
 * certificate Secrets; and no two routes or Ingresses claim the same host and path.
 */
export function checkGatewayLinks(entries: readonly ManifestEntry[], suppliedSecrets: readonly SuppliedSecretRef[]): LinkFailure[] {
  const failures: LinkFailure[] = [];
  const fail = (entry: ManifestEntry, field: string, message: string) => failures.push({ entry, field, message });
  const find = (group: string, kind: string, namespace: string | undefined, name: string) =>
    entries.find(
      (entry) => apiGroupOf(entry.object.apiVersion) === group && entry.object.kind === kind && entry.object.metadata.name === name && entry.object.metadata.namespace === namespace,
    );
  const grants = entries.filter((entry) => apiGroupOf(entry.object.apiVersion) === GATEWAY_GROUP && entry.object.kind === 'ReferenceGrant');
  const granted = (fromKind: string, fromNamespace: string, toGroup: string, toKind: string, toNamespace: string, toName: string) =>
    grants.some((grant) => {
      const spec = grant.object.spec as any;
      return (
        grant.object.metadata.namespace === toNamespace &&
        (spec?.from ?? []).some((from: any) => from.group === GATEWAY_GROUP && from.kind === fromKind && from.namespace === fromNamespace) &&
        (spec?.to ?? []).some((to: any) => (to.group ?? '') === toGroup && to.kind === toKind && (to.name === undefined || to.name === toName))
      );
    });

  for (const entry of entries) {
    const object = entry.object;
    if (apiGroupOf(object.apiVersion) !== GATEWAY_GROUP) continue;
    const spec = object.spec as any;
    const namespace = object.metadata.namespace!;
    if (object.kind === 'Gateway') {
      if (!find(GATEWAY_GROUP, 'GatewayClass', undefined, spec?.gatewayClassName)) {
        fail(entry, 'spec.gatewayClassName', `GatewayClass '${spec?.gatewayClassName}' does not exist, so no controller would program this Gateway`);
      }
      (spec?.listeners ?? []).forEach((listener: any, index: number) =>
        (listener.tls?.certificateRefs ?? []).forEach((ref: any, refIndex: number) => {
          if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') return;
          const refNamespace = ref.namespace ?? namespace;
          const field = `spec.listeners[${index}].tls.certificateRefs[${refIndex}]`;
          const exists = find('', 'Secret', refNamespace, ref.name) || suppliedSecrets.some((secret) => secret.namespace === refNamespace && secret.name === ref.name);
          if (!exists) {
            fail(entry, field, `Secret '${ref.name}' does not exist in namespace '${refNamespace}' and is not supplied at apply time`);
          } else if (refNamespace !== namespace && !granted('Gateway', namespace, '', 'Secret', refNamespace, ref.name)) {
            fail(entry, field, `Secret ${refNamespace}/${ref.name} is in another namespace and no ReferenceGrant there allows Gateways of '${namespace}' to use it`);
          }
        }),
      );
      continue;
    }
    const protocols = ROUTE_KINDS[object.kind];
    if (!protocols) continue;
    (spec?.parentRefs ?? []).forEach((ref: any, index: number) => {
      const field = `spec.parentRefs[${index}]`;
      if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return;
      const gatewayNamespace = ref.namespace ?? namespace;
      const gateway = find(GATEWAY_GROUP, 'Gateway', gatewayNamespace, ref.name);
      if (!gateway) {
        fail(entry, `${field}.name`, `Gateway '${ref.name}' does not exist in namespace '${gatewayNamespace}'`);
        return;
      }
      const listeners: any[] = ((gateway.object.spec as any)?.listeners ?? []).filter(
        (listener: any) => (ref.sectionName === undefined || listener.name === ref.sectionName) && (ref.port === undefined || listener.port === ref.port),
      );
      if (listeners.length === 0) {
        fail(entry, `${field}.sectionName`, `${describeObject(gateway.object)} has no listener ${JSON.stringify(ref.sectionName ?? ref.port)}`);
        return;
      }
      const accepting = listeners.filter((listener) => {
        const allowed = listener.allowedRoutes;
        const from = allowed?.namespaces?.from ?? 'Same';
        const kinds: any[] | undefined = allowed?.kinds;
        return (
          protocols.includes(listener.protocol) &&
          (from !== 'Same' || gatewayNamespace === namespace) &&
          (kinds === undefined || kinds.length === 0 || kinds.some((kind) => (kind.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && kind.kind === object.kind))
        );
      });
      if (accepting.length === 0) {
        const names = listeners.map((listener) => `${listener.name} (${listener.protocol})`).join(', ');
        fail(entry, field, `no listener of ${describeObject(gateway.object)} accepts a ${object.kind} from namespace '${namespace}' (${names}: protocol, allowedRoutes.namespaces or allowedRoutes.kinds)`);
      }
    });
    (spec?.rules ?? []).forEach((rule: any, ruleIndex: number) =>
      (rule.backendRefs ?? []).forEach((ref: any, refIndex: number) => {
        const field = `spec.rules[${ruleIndex}].backendRefs[${refIndex}]`;
        if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return;
        const serviceNamespace = ref.namespace ?? namespace;
        const service = find('', 'Service', serviceNamespace, ref.name);
        if (!service) {
          fail(entry, `${field}.name`, `Service '${ref.name}' does not exist in namespace '${serviceNamespace}'`);
          return;
        }
        const ports: any[] = (service.object.spec as any)?.ports ?? [];
        if (ref.port === undefined || !ports.some((port) => port.port === ref.port)) {
          fail(entry, `${field}.port`, `Service '${ref.name}' has no port ${JSON.stringify(ref.port)} (it has ${ports.map((port) => port.port).join(', ')})`);
        }
        if (serviceNamespace !== namespace && !granted(object.kind, namespace, '', 'Service', serviceNamespace, ref.name)) {
          fail(entry, field, `Service ${serviceNamespace}/${ref.name} is in another namespace and no ReferenceGrant there allows ${object.kind}s of '${namespace}' to use it`);
        }
      }),
    );
  }
  failures.push(...checkHostPathClaims(entries));
  return failures;
}

/**
 * Two routes, or a route and an Ingress, that claim the same host and path would leave the controller (which serves
 * both on the same ports) to pick one silently. Two Ingresses are left to checkRouteClaims (route-claims.ts), which
 * compares them per IngressClass.
 */
function checkHostPathClaims(entries: readonly ManifestEntry[]): LinkFailure[] {
  const failures: LinkFailure[] = [];
  const owners = new Map<string, { name: string; kind: string }>();
  const claim = (entry: ManifestEntry, field: string, claimKey: string, what: string) => {
    const owner = owners.get(claimKey);
    if (owner && owner.name !== describeObject(entry.object)) {
      if (owner.kind !== 'Ingress' || entry.object.kind !== 'Ingress') {
        failures.push({ entry, field, message: `${what} is already claimed by ${owner.name}` });
      }
    } else {
      owners.set(claimKey, { name: describeObject(entry.object), kind: entry.object.kind });
    }
  };
  for (const entry of entries) {
    const object = entry.object;
    const spec = object.spec as any;
    const group = apiGroupOf(object.apiVersion);
    if (object.kind === 'Ingress' && group === 'networking.k8s.io') {
      (spec?.rules ?? []).forEach((rule: any, ruleIndex: number) =>
        (rule.http?.paths ?? []).forEach((httpPath: any, pathIndex: number) => {
          const type = httpPath.pathType === 'Exact' ? 'Exact' : 'Prefix';
          const host = rule.host ?? '*';
          const path = httpPath.path ?? '/';
          claim(entry, `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`, `http ${host} ${type} ${path}`, `host ${host} path ${path}`);
        }),
      );
    } else if (group === GATEWAY_GROUP && (object.kind === 'HTTPRoute' || object.kind === 'GRPCRoute')) {
      const hosts: string[] = spec?.hostnames?.length ? spec.hostnames : ['*'];
      (spec?.rules ?? []).forEach((rule: any, ruleIndex: number) => {
        const matches: any[] = rule.matches?.length ? rule.matches : [{}];
        matches.forEach((match: any, matchIndex: number) => {
          if (match.headers?.length || match.queryParams?.length || match.method || match.service || match.type) return;
          const type = match.path?.type === 'Exact' ? 'Exact' : match.path?.type === 'RegularExpression' ? 'Regex' : 'Prefix';
          const path = match.path?.value ?? '/';
          for (const host of hosts) {
            claim(entry, `spec.rules[${ruleIndex}].matches[${matchIndex}]`, `http ${host} ${type} ${path}`, `host ${host} path ${path}`);
          }
        });
      });
    } else if (group === GATEWAY_GROUP && object.kind === 'TLSRoute') {
      (spec?.hostnames ?? []).forEach((host: string, index: number) => claim(entry, `spec.hostnames[${index}]`, `tls ${host}`, `TLS host ${host}`));
    }
  }
  return failures;
}
