import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';
import { lockText, Manifest } from './pack';

/**
 * examples/lab-app/package-lock.json, derived from hanok's own package-lock.json: the example installs hanok from
 * the tarball `npm pack` writes at the top of the checkout (`file:../../hanok-<version>.tgz`), and every other package
 * at the version hanok's own `npm ci` installed, so `npm ci` there works offline from npm's cache (.ci/run). The hanok
 * entry has no integrity, so the lock stays valid while hanok's sources change; it goes stale when hanok's version,
 * dependencies or lock do, or the example's package.json, and tests/library/example-project.test.ts then fails.
 *
 * Rewrite it with: npx ts-node --transpile-only tests/library/example-lock.ts
 */

export const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples/lab-app');
export const EXAMPLE_LOCK_FILE = path.join(EXAMPLE_DIR, 'package-lock.json');

/** The file name `npm pack` gives hanok's tarball. */
export function tarballName(): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  return `${name}-${version}.tgz`;
}

/** What examples/lab-app/package-lock.json must hold. */
export function exampleLock(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, 'package.json'), 'utf8')) as Manifest;
  const hanok = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const spec = `file:../../${tarballName()}`;
  if (manifest.dependencies?.hanok !== spec) {
    throw new Error(`examples/lab-app/package.json: dependencies.hanok: not hanok's tarball (got ${JSON.stringify(manifest.dependencies?.hanok)}, expected "${spec}")`);
  }
  return lockText(manifest, hanok);
}

if (require.main === module) {
  fs.writeFileSync(EXAMPLE_LOCK_FILE, exampleLock());
  console.log(`wrote ${path.relative(process.cwd(), EXAMPLE_LOCK_FILE)}`);
}
