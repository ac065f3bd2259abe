import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { EntryRule, typed } from './object-index';

/** An autoscaler scales an object that exists in its namespace. */
export const checkAutoscaler: EntryRule = (entry, index, report) => {
  const target = typed<IHorizontalPodAutoscaler>(entry.object).spec?.scaleTargetRef;
  if (target && !index.find(target.kind, entry.object.metadata.namespace, target.name)) {
    report.fail(entry, 'spec.scaleTargetRef', `${target.kind} '${target.name}' does not exist in namespace '${entry.object.metadata.namespace}'`);
  }
};
