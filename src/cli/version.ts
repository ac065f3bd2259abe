import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../pipeline/bundle';

/** hanok's version, from its package.json. */
export function hanokVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
