import type { IService } from 'kubernetes-models/v1/Service';
import { ManifestEntry } from '../manifest';
import { apiGroupOf, describeObject } from '../../kube/objects';
import { Gateway, GATEWAY_GROUP, Listener, ReferenceGrant, Route } from './gateway-api';
import { EntryRule, ObjectIndex, LinkReport, typed } from './object-index';

const ROUTE_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTPRoute: ['HTTP', 'HTTPS'],
  GRPCRoute: ['HTTP', 'HTTPS'],
  TLSRoute: ['TLS'],
};

/**
 * The Gateway API part of the link check: every route's parent Gateway and listener (`parentRefs`, `sectionName`)
 * exist and accept the route (protocol, allowed namespaces and kinds); its backends are existing Services and
 * ports, in another namespace only with a ReferenceGrant there; a Gateway names an existing GatewayClass and
 * certificate Secrets.
 */
export const checkGatewayObject: EntryRule = (entry, index, report) => {
  const object = entry.object;
  if (apiGroupOf(object.apiVersion) !== GATEWAY_GROUP) return;
  if (object.kind === 'Gateway') {
    checkGateway(entry, index, report);
  } else if (ROUTE_KINDS[object.kind]) {
    checkRoute(entry, index, report);
  }
};

function checkGateway(entry: ManifestEntry, index: ObjectIndex, report: LinkReport): void {
  const spec = typed<Gateway>(entry.object).spec;
  const namespace = entry.object.metadata.namespace!;
  if (!index.findInGroup(GATEWAY_GROUP, 'GatewayClass', undefined, spec?.gatewayClassName)) {
    report.fail(entry, 'spec.gatewayClassName', `GatewayClass '${spec?.gatewayClassName}' does not exist, so no controller would program this Gateway`);
  }
  (spec?.listeners ?? []).forEach((listener, listenerIndex) =>
    (listener.tls?.certificateRefs ?? []).forEach((ref, refIndex) => {
      if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') return;
      const refNamespace = ref.namespace ?? namespace;
      const field = `spec.listeners[${listenerIndex}].tls.certificateRefs[${refIndex}]`;
      const exists = index.findInGroup('', 'Secret', refNamespace, ref.name) || index.suppliedSecrets.some((secret) => secret.namespace === refNamespace && secret.name === ref.name);
      if (!exists) {
        report.fail(entry, field, `Secret '${ref.name}' does not exist in namespace '${refNamespace}' and is not supplied at apply time`);
      } else if (refNamespace !== namespace && !granted(index, 'Gateway', namespace, '', 'Secret', refNamespace, ref.name)) {
        report.fail(entry, field, `Secret ${refNamespace}/${ref.name} is in another namespace and no ReferenceGrant there allows Gateways of '${namespace}' to use it`);
      }
    }),
  );
}

function checkRoute(entry: ManifestEntry, index: ObjectIndex, report: LinkReport): void {
  const object = entry.object;
  const spec = typed<Route>(object).spec;
  const namespace = object.metadata.namespace!;
  const protocols = ROUTE_KINDS[object.kind];
  (spec?.parentRefs ?? []).forEach((ref, refIndex) => {
    const field = `spec.parentRefs[${refIndex}]`;
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return;
    const gatewayNamespace = ref.namespace ?? namespace;
    const gateway = index.findInGroup(GATEWAY_GROUP, 'Gateway', gatewayNamespace, ref.name);
    if (!gateway) {
      report.fail(entry, `${field}.name`, `Gateway '${ref.name}' does not exist in namespace '${gatewayNamespace}'`);
      return;
    }
    const listeners: Listener[] = (typed<Gateway>(gateway.object).spec?.listeners ?? []).filter(
      (listener) => (ref.sectionName === undefined || listener.name === ref.sectionName) && (ref.port === undefined || listener.port === ref.port),
    );
    if (listeners.length === 0) {
      report.fail(entry, `${field}.sectionName`, `${describeObject(gateway.object)} has no listener ${JSON.stringify(ref.sectionName ?? ref.port)}`);
      return;
    }
    const accepting = listeners.filter((listener) => {
      const allowed = listener.allowedRoutes;
      const from = allowed?.namespaces?.from ?? 'Same';
      const kinds = allowed?.kinds;
      return (
        protocols.includes(listener.protocol) &&
        (from !== 'Same' || gatewayNamespace === namespace) &&
        (kinds === undefined || kinds.length === 0 || kinds.some((kind) => (kind.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && kind.kind === object.kind))
      );
    });
    if (accepting.length === 0) {
      const names = listeners.map((listener) => `${listener.name} (${listener.protocol})`).join(', ');
      report.fail(entry, field, `no listener of ${describeObject(gateway.object)} accepts a ${object.kind} from namespace '${namespace}' (${names}: protocol, allowedRoutes.namespaces or allowedRoutes.kinds)`);
    }
  });
  (spec?.rules ?? []).forEach((rule, ruleIndex) =>
    (rule.backendRefs ?? []).forEach((ref, refIndex) => {
      const field = `spec.rules[${ruleIndex}].backendRefs[${refIndex}]`;
      if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return;
      const serviceNamespace = ref.namespace ?? namespace;
      const service = index.findInGroup('', 'Service', serviceNamespace, ref.name);
      if (!service) {
        report.fail(entry, `${field}.name`, `Service '${ref.name}' does not exist in namespace '${serviceNamespace}'`);
        return;
      }
      const ports = typed<IService>(service.object).spec?.ports ?? [];
      if (ref.port === undefined || !ports.some((port) => port.port === ref.port)) {
        report.fail(entry, `${field}.port`, `Service '${ref.name}' has no port ${JSON.stringify(ref.port)} (it has ${ports.map((port) => port.port).join(', ')})`);
      }
      if (serviceNamespace !== namespace && !granted(index, object.kind, namespace, '', 'Service', serviceNamespace, ref.name)) {
        report.fail(entry, field, `Service ${serviceNamespace}/${ref.name} is in another namespace and no ReferenceGrant there allows ${object.kind}s of '${namespace}' to use it`);
      }
    }),
  );
}

/** Whether a ReferenceGrant in the target's namespace lets objects of `fromKind` in `fromNamespace` refer to it. */
function granted(index: ObjectIndex, fromKind: string, fromNamespace: string, toGroup: string, toKind: string, toNamespace: string, toName: string): boolean {
  return index.ofKind('ReferenceGrant').some((grant) => {
    if (apiGroupOf(grant.object.apiVersion) !== GATEWAY_GROUP) return false;
    const spec = typed<ReferenceGrant>(grant.object).spec;
    return (
      grant.object.metadata.namespace === toNamespace &&
      (spec?.from ?? []).some((from) => from.group === GATEWAY_GROUP && from.kind === fromKind && from.namespace === fromNamespace) &&
      (spec?.to ?? []).some((to) => (to.group ?? '') === toGroup && to.kind === toKind && (to.name === undefined || to.name === toName))
    );
  });
}
