import { createHash } from 'crypto';
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
 * A cache must only change how fast a module loads. V8 rejects a cache made by another V8 or under other flags, but
 * it tells sources apart by their length only: given the cache of another text of the same length, it runs the old
 * code. So the file starts with the SHA-256 of the source it was made from (a millisecond per module to check), and
 * a module whose text differs loads with `require`, as without a cache. Runs that have no such file beside the
 * module (the start-up snapshot's bundle, the single executable, the TypeScript sources) load it with `require` as
 * before. This module imports nothing of hanok's, so every layer may use it.
 */

/** What follows a generated module's file name for its code cache. */
export const CODE_CACHE_SUFFIX = '.v8cache';

/** The length of the digest line that starts a cache file: 64 hex digits and a newline. */
const HEADER_LENGTH = 65;

/** The source text V8 compiles for a CommonJS module: Node's own wrapper, so that the cache matches what runs. */
function wrapped(file: string): string {
  return Module.wrap(fs.readFileSync(file, 'utf8'));
}

function digest(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * Writes the code cache of the generated module `file` (an absolute path) beside it: the digest of its source, then
 * the code of its top level, compiled without running it.
 */
export function writeCodeCache(file: string): void {
  const source = wrapped(file);
  const script = new vm.Script(source, { filename: file });
  fs.writeFileSync(`${file}${CODE_CACHE_SUFFIX}`, Buffer.concat([Buffer.from(`${digest(source)}\n`), script.createCachedData()]));
}

/**
 * The module's source and its cache's code, when the cache beside it was made from exactly that source; else
 * undefined (no cache, an unreadable one, or one of another text).
 */
function cachedCode(file: string): { source: string; cachedData: Buffer } | undefined {
  let cache: Buffer;
  let source: string;
  try {
    cache = fs.readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
    source = wrapped(file);
  } catch {
    return undefined;
  }
  if (cache.length <= HEADER_LENGTH || cache.toString('latin1', 0, HEADER_LENGTH) !== `${digest(source)}\n`) return undefined;
  return { source, cachedData: cache.subarray(HEADER_LENGTH) };
}

/** Whether the code cache beside the generated module `file` is of its text and taken by this process's V8. */
export function codeCacheAccepted(file: string): boolean {
  const code = cachedCode(file);
  return code !== undefined && !new vm.Script(code.source, { filename: file, cachedData: code.cachedData }).cachedDataRejected;
}

/** The modules loaded through their cache in this process, by file. */
const loaded = new Map<string, unknown>();

/**
 * The exports of the generated module `name` in `directory`, loaded through its code cache when one of its text is
 * beside it, else by `fallback` (a plain `require` of the same module, which also lets a bundler see it). A module
 * is loaded once per process; one loaded through its cache is also entered in `require.cache`, as Node would, where
 * there is one, so that a plain `require` of it later gets the same exports.
 */
export function requireWithCodeCache(directory: string, name: string, fallback: () => unknown): unknown {
  const file = path.join(directory, name);
  if (loaded.has(file)) return loaded.get(file);
  const code = cachedCode(file);
  if (!code) return fallback();
  // A cache V8 rejects (another V8, other flags) still compiles the same source, as without a cache.
  const script = new vm.Script(code.source, { filename: file, cachedData: code.cachedData });
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
