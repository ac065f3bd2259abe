/** Kubernetes' recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'hanok';

/** Identifies what an object belongs to; the chart adds `part-of` and `managed-by`. */
export interface ComponentIdentity {
  /** The application the object belongs to (`app.kubernetes.io/name`), e.g. `docker-registry`. */
  readonly appName: string;
  /** Its role within the application, e.g. `server` or `storage`. */
  readonly component: string;
}

export function componentLabels(identity: ComponentIdentity): Record<string, string> {
  return { [LABEL_NAME]: identity.appName, [LABEL_COMPONENT]: identity.component };
}
