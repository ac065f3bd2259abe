/**
 * The string and number formats the Kubernetes OpenAPI schemas use, shared by the runtime validator and the
 * precompiled one (which requires this module by path, so it must stay a plain CommonJS module of functions).
 */
const QUANTITY = /^[+-]?(\d+|\d+\.\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export const int32 = { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 };
export const int64 = { type: 'number', validate: (value: number) => Number.isInteger(value) };
export const double = { type: 'number', validate: (value: number) => Number.isFinite(value) };
export const byte = { type: 'string', validate: (value: string) => BASE64.test(value) };
export const quantity = { type: 'string', validate: (value: string) => QUANTITY.test(value) };
export const dateTime = { type: 'string', validate: (value: string) => DATE_TIME.test(value) };
/** CRD schemas may declare these; any value of the declared type is fine. */
export const intOrString = { validate: () => true };

/** Format name (as it appears in schemas) to definition. */
export const FORMATS = {
  int32,
  int64,
  double,
  byte,
  quantity,
  'date-time': dateTime,
  'int-or-string': intOrString,
} as const;
