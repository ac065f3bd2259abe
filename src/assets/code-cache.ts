import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

/**
 * V8 code caches for the large modules `npm run build` generates (the precompiled validators, about 4 MB of
 * JavaScript that every checked run loads): parsing them took about 60 ms a process here, starting from the
 * cache about 20 ms. The build writes `<module>.v8cache` beside each (scripts/compile-schemas.ts,
 * {@link writeCodeCache}); a run loads the module through it ({@link requireWithCodeCache}).
 *
 * V8 checks a cache itself and rejects one made by another V8 or for another source text, which then compiles as
 * without a cache: a cache can make loading slower or faster, never different. Runs that have no such file beside
 * the module (the start-up snapshot's bundle, the single executable, the TypeScript sources) load it with `require`
 * as before. This module imports nothing of hanok's, so every layer may use it.
 */

/** What follows a generated module's file name for its code cache. */
export const CODE_CACHE_SUFFIX = '.v8cache';

/** The source text V8 compiles for a CommonJS module: Node's own wrapper, so that the cache matches what runs. */
function wrapped(file: string): string {
  return Module.wrap(fs.readFileSync(file, 'utf8'));
}

/**
 * Writes the code cache of the generated module `file` (an absolute path) beside it: the code of its top level,
 * compiled without running it.
 */
export function writeCodeCache(file: string): void {
  const script = new vm.Script(wrapped(file), { filename: file });
  fs.writeFileSync(`${file}${CODE_CACHE_SUFFIX}`, script.createCachedData());
}

/** Whether this process's V8 takes the code cache beside the generated module `file` (false when there is none). */
export function codeCacheAccepted(file: string): boolean {
  let cachedData: Buffer;
  try {
    cachedData = fs.readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
  } catch {
    return false;
  }
  return !new vm.Script(wrapped(file), { filename: file, cachedData }).cachedDataRejected;
}

/** The modules loaded through their cache in this process, by file. */
const loaded = new Map<string, unknown>();

/**
 * The exports of the generated module `name` in `directory`, loaded through its code cache when one is beside it,
 * else by `fallback` (a plain `require` of the same module, which also lets a bundler see it). A module is loaded
 * once per process; one loaded through its cache is also entered in `require.cache`, as Node would, where there is
 * one, so that a plain `require` of it later gets the same exports.
 */
export function requireWithCodeCache(directory: string, name: string, fallback: () => unknown): unknown {
  const file = path.join(directory, name);
  if (loaded.has(file)) return loaded.get(file);
  let cachedData: Buffer;
  let source: string;
  try {
    cachedData = fs.readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
    source = wrapped(file);
  } catch {
    return fallback();
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = new Module(file, undefined);
  module.filename = file;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  // A bundle's or a start-up snapshot's `require` may have no module cache (those runs have no code cache either).
  const modules = require.cache as NodeJS.Require['cache'] | undefined;
  if (modules && !modules[file]) modules[file] = module;
  loaded.set(file, module.exports);
  return module.exports;
}
