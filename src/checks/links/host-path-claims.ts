import { ManifestEntry } from '../manifest';
import { apiGroupOf, describeObject } from '../../kube/objects';
import { GATEWAY_GROUP, Route } from './gateway-api';
import { OutputRule, typed } from './object-index';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';

/**
 * Two routes, or a route and an Ingress, that claim the same host and path would leave the controller (which serves
 * both on the same ports) to pick one silently. Two Ingresses are left to checkRouteClaims (route-claims.ts), which
 * compares them per IngressClass.
 */
export const checkHostPathClaims: OutputRule = (index, report) => {
  const owners = new Map<string, { name: string; kind: string }>();
  const claim = (entry: ManifestEntry, field: string, claimKey: string, what: string) => {
    const owner = owners.get(claimKey);
    if (owner && owner.name !== describeObject(entry.object)) {
      if (owner.kind !== 'Ingress' || entry.object.kind !== 'Ingress') {
        report.fail(entry, field, `${what} is already claimed by ${owner.name}`);
      }
    } else {
      owners.set(claimKey, { name: describeObject(entry.object), kind: entry.object.kind });
    }
  };
  for (const entry of index.entries) {
    const object = entry.object;
    const group = apiGroupOf(object.apiVersion);
    if (object.kind === 'Ingress' && group === 'networking.k8s.io') {
      (typed<IIngress>(object).spec?.rules ?? []).forEach((rule, ruleIndex) =>
        (rule.http?.paths ?? []).forEach((httpPath, pathIndex) => {
          const type = httpPath.pathType === 'Exact' ? 'Exact' : 'Prefix';
          const host = rule.host ?? '*';
          const path = httpPath.path ?? '/';
          claim(entry, `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`, `http ${host} ${type} ${path}`, `host ${host} path ${path}`);
        }),
      );
    } else if (group === GATEWAY_GROUP && (object.kind === 'HTTPRoute' || object.kind === 'GRPCRoute')) {
      const spec = typed<Route>(object).spec;
      const hosts: readonly string[] = spec?.hostnames?.length ? spec.hostnames : ['*'];
      (spec?.rules ?? []).forEach((rule, ruleIndex) => {
        const matches = rule.matches?.length ? rule.matches : [{}];
        matches.forEach((match: NonNullable<typeof rule.matches>[number], matchIndex) => {
          if (match.headers?.length || match.queryParams?.length || match.method || match.service || match.type) return;
          const type = match.path?.type === 'Exact' ? 'Exact' : match.path?.type === 'RegularExpression' ? 'Regex' : 'Prefix';
          const path = match.path?.value ?? '/';
          for (const host of hosts) {
            claim(entry, `spec.rules[${ruleIndex}].matches[${matchIndex}]`, `http ${host} ${type} ${path}`, `host ${host} path ${path}`);
          }
        });
      });
    } else if (group === GATEWAY_GROUP && object.kind === 'TLSRoute') {
      (typed<Route>(object).spec?.hostnames ?? []).forEach((host, hostIndex) => claim(entry, `spec.hostnames[${hostIndex}]`, `tls ${host}`, `TLS host ${host}`));
    }
  }
};
