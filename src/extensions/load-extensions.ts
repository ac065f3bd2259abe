import * as fs from 'fs';
import * as path from 'path';
import { HanokExtension } from './extension';

/**
 * The extensions a JavaScript module exports (`--extensions FILE`): its `default` export or its `extensions`
 * export, an extension or a list of them, each made with defineExtension. TypeScript is compiled first (or run with
 * a loader such as ts-node/register).
 */
export function loadExtensionModule(file: string): HanokExtension[] {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    throw new Error(`--extensions: ${file}: file not found (expected a JavaScript module that exports extensions made with defineExtension)`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(resolved) as Record<string, unknown>;
  const value = exported.extensions ?? exported.default ?? exported;
  const list = Array.isArray(value) ? value : [value];
  const invalid = list.filter((candidate) => !isExtension(candidate));
  if (list.length === 0 || invalid.length > 0) {
    throw new Error(`--extensions: ${file}: exports no extension (expected \`export default defineExtension({...})\` or \`export const extensions = [...]\`)`);
  }
  return list as HanokExtension[];
}

function isExtension(value: unknown): value is HanokExtension {
  const candidate = value as Partial<HanokExtension> | undefined;
  return !!candidate && typeof candidate.name === 'string' && typeof candidate.charts === 'function' && typeof candidate.settings === 'object' && Array.isArray(candidate.after);
}
