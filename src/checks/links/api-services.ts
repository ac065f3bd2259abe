import type { IAPIService } from 'kubernetes-models/apiregistration.k8s.io/v1/APIService';
import type { IService } from 'kubernetes-models/v1/Service';
import { EntryRule, typed } from './object-index';

/** An aggregated API names an existing Service and one of its ports. */
export const checkApiService: EntryRule = (entry, index, report) => {
  const service = typed<IAPIService>(entry.object).spec?.service;
  if (!service) {
    return;
  }
  const target = index.get<IService>('Service', service.namespace, service.name);
  if (!target) {
    report.fail(entry, 'spec.service', `Service '${service.namespace}/${service.name}' does not exist`);
  } else if (service.port !== undefined && !(target.spec?.ports ?? []).some((port) => port.port === service.port)) {
    report.fail(entry, 'spec.service.port', `Service '${service.namespace}/${service.name}' has no port ${service.port}`);
  }
};
