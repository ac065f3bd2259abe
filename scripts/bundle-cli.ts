import * as path from 'path';
import { packageRoot } from '../src/assets/package-files';

/** What differs between the bundles of the compiled CLI that the fast path and the single executable start from. */
export interface BundleCliOptions {
  /** The compiled entry module, relative to `lib/src/cli/` (`run.js`, `sea-main.js`). */
  readonly entry: string;
  /** The bundle to write. */
  readonly outfile: string;
  /** Drop whitespace (names and code stay as they are). @default false */
  readonly minifyWhitespace?: boolean;
  /**
   * More modules to leave outside the bundle, as they are required (`../checks/<file>`); the bundle requires them at
   * run time from the compiled CLI's folder. @default none
   */
  readonly external?: readonly string[];
}

/**
 * Bundles hanok's compiled CLI (`lib/src`) into one CommonJS file for this Node's major version. Only the fallback
 * that compiles schemas of kinds not precompiled resolves kubernetes-models at run time, so those stay external.
 */
export function bundleCli(options: BundleCliOptions): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(packageRoot(), 'lib', 'src', 'cli', options.entry)],
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    outfile: options.outfile,
    logLevel: 'error',
    minifyWhitespace: options.minifyWhitespace ?? false,
    external: ['kubernetes-models', '@kubernetes-models/*', ...(options.external ?? [])],
  });
}
