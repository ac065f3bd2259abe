/** One changed field of an object between two outputs, as the review reports it and its warnings judge it. */
export interface FieldChange {
  /** Dotted path with indexes, e.g. `spec.ports[0].nodePort`. */
  readonly path: string;
  /** Absent when the field is new. */
  readonly old?: unknown;
  /** Absent when the field was removed. */
  readonly new?: unknown;
}
