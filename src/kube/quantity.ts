/**
 * Kubernetes resource quantities in the decimal and binary suffix forms hanok writes and accepts, such as `10Gi`,
 * `500Mi` or `1.5`: a non-negative number with an optional unit (no exponent form, no milli-units).
 */
export const QUANTITY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

const QUANTITY_UNITS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** Bytes in a storage quantity such as `10Gi`; undefined if it is not one. */
export function parseQuantity(text: unknown): number | undefined {
  const match = typeof text === 'string' ? QUANTITY.exec(text) : null;
  return match ? Number(match[1]) * QUANTITY_UNITS[match[3] ?? ''] : undefined;
}
