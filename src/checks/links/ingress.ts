import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIngressBackend } from 'kubernetes-models/networking.k8s.io/v1/IngressBackend';
import type { IService } from 'kubernetes-models/v1/Service';
import { EntryRule, typed } from './object-index';

/** An Ingress names an existing IngressClass, and every backend an existing Service and port in its namespace. */
export const checkIngress: EntryRule = (entry, index, report) => {
  const object = entry.object;
  const spec = typed<IIngress>(object).spec;
  if (spec?.ingressClassName !== undefined && !index.find('IngressClass', undefined, spec.ingressClassName)) {
    report.fail(entry, 'spec.ingressClassName', `IngressClass '${spec.ingressClassName}' does not exist, so no ingress controller would serve this Ingress`);
  }
  const backends: Array<{ backend: IIngressBackend | undefined; field: string }> = [];
  if (spec?.defaultBackend) {
    backends.push({ backend: spec.defaultBackend, field: 'spec.defaultBackend' });
  }
  (spec?.rules ?? []).forEach((rule, ruleIndex) =>
    (rule.http?.paths ?? []).forEach((httpPath, pathIndex) =>
      backends.push({ backend: httpPath.backend, field: `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend` }),
    ),
  );
  for (const { backend, field } of backends) {
    const service = backend?.service;
    if (!service) {
      continue;
    }
    const target = index.get<IService>('Service', object.metadata.namespace, service.name);
    if (!target) {
      report.fail(entry, `${field}.service.name`, `Service '${service.name}' does not exist in namespace '${object.metadata.namespace}'`);
      continue;
    }
    const ports = target.spec?.ports ?? [];
    const wanted = service.port?.number ?? service.port?.name;
    if (!ports.some((port) => port.port === wanted || port.name === wanted)) {
      report.fail(entry, `${field}.service.port`, `Service '${service.name}' has no port ${JSON.stringify(wanted)}`);
    }
  }
};
