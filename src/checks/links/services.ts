import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IService } from 'kubernetes-models/v1/Service';
import { describeObject } from '../../kube/objects';
import { containersOf, podTemplateOf } from '../../kube/workloads';
import { EntryRule, OutputRule, typed } from './object-index';

/** A Service's selector matches the pods of a workload in its namespace, and each target port is one they expose. */
export const checkService: EntryRule = (entry, index, report) => {
  const object = entry.object;
  const spec = typed<IService>(object).spec;
  const selector = spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || spec?.type === 'ExternalName') {
    return;
  }
  const matches = index.entries
    .map((candidate) => podTemplateOf(candidate.object))
    .filter((site) => site && site.object.metadata.namespace === object.metadata.namespace)
    .filter((site) => Object.entries(selector).every(([label, value]) => site!.labels[label] === value));
  if (matches.length === 0) {
    report.fail(entry, 'spec.selector', `selects no pods: no workload in namespace '${object.metadata.namespace}' has pod labels ${JSON.stringify(selector)}`);
    return;
  }
  const containers = matches.flatMap((site) => containersOf(site!).filter((container) => !container.init).map((container) => container.container));
  const ports: IContainerPort[] = containers.flatMap((container) => container.ports ?? []);
  (spec.ports ?? []).forEach((port, portIndex) => {
    const target = port.targetPort ?? port.port;
    const found = typeof target === 'string'
      ? ports.some((candidate) => candidate.name === target)
      : ports.some((candidate) => candidate.containerPort === target) || (ports.length === 0 && matches.some((site) => site!.spec.hostNetwork));
    if (!found) {
      report.fail(entry, `spec.ports[${portIndex}].targetPort`, `no container of the selected pods exposes port ${JSON.stringify(target)}`);
    }
  });
};

/** A NodePort opens the same port on every node, so two Services cannot share one. */
export const checkNodePortsUnique: OutputRule = (index, report) => {
  const used = new Map<number, string>();
  for (const entry of index.entries) {
    if (entry.object.kind !== 'Service') continue;
    (typed<IService>(entry.object).spec?.ports ?? []).forEach((port, portIndex) => {
      if (port.nodePort === undefined) return;
      const owner = used.get(port.nodePort);
      if (owner) {
        report.fail(entry, `spec.ports[${portIndex}].nodePort`, `NodePort ${port.nodePort} is already used by ${owner}`);
      } else {
        used.set(port.nodePort, describeObject(entry.object));
      }
    });
  }
};
