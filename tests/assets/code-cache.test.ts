import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');
import { CODE_CACHE_SUFFIX, codeCacheAccepted, requireWithCodeCache, writeCodeCache } from '../../src/assets/code-cache';

// The precompiled validators load through V8's code cache written by the build (scripts/compile-schemas.ts). A cache
// may only change how fast a module loads: these tests load small modules through it, with and without a cache, with
// one V8 rejects, and with one that throws.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-code-cache-'));
let count = 0;

/** A new module file (a new name each time, so that no process-wide module cache knows it). */
function moduleFile(source: string): { directory: string; name: string; file: string } {
  const directory = fs.mkdtempSync(path.join(work, 'm-'));
  const name = `validators-${count++}.generated.js`;
  const file = path.join(directory, name);
  fs.writeFileSync(file, source);
  return { directory, name, file };
}

const SOURCE = `const helper = require('path').basename(__filename);\nexports.answer = () => 42;\nexports.file = helper;\nexports.self = module.exports === exports && this === exports;\n`;

test('loads a module through its cache, once per process', () => {
  const { directory, name, file } = moduleFile(SOURCE);
  writeCodeCache(file);
  expect(fs.statSync(`${file}${CODE_CACHE_SUFFIX}`).size).toBeGreaterThan(0);
  expect(codeCacheAccepted(file)).toBe(true);
  const fallback = jest.fn();
  const loaded = requireWithCodeCache(directory, name, fallback) as { answer(): number; file: string; self: boolean };
  expect(fallback).not.toHaveBeenCalled();
  expect(loaded.answer()).toBe(42);
  expect(loaded.file).toBe(name);
  expect(loaded.self).toBe(true);
  // The same exports again, without running the module a second time.
  expect(requireWithCodeCache(directory, name, fallback)).toBe(loaded);
  expect(fallback).not.toHaveBeenCalled();
});

test('without a cache beside the module, the fallback loads it', () => {
  const { directory, name } = moduleFile(SOURCE);
  const fallback = jest.fn(() => ({ from: 'fallback' }));
  expect(requireWithCodeCache(directory, name, fallback)).toEqual({ from: 'fallback' });
  expect(fallback).toHaveBeenCalledTimes(1);
  expect(codeCacheAccepted(path.join(directory, name))).toBe(false);
});

test('a cache of another text of the same length is not used, though V8 would take it, and the module runs as it is now', () => {
  const { directory, name, file } = moduleFile(SOURCE);
  writeCodeCache(file);
  const edited = SOURCE.replace('42', '43');
  expect(edited.length).toBe(SOURCE.length);
  fs.writeFileSync(file, edited);
  // V8 alone would run the old code: it tells sources apart by their length.
  const cache = fs.readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
  const wrapped = Module.wrap(edited);
  const stale = new vm.Script(wrapped, { filename: file, cachedData: cache.subarray(65) });
  expect(stale.cachedDataRejected).toBe(false);
  expect(codeCacheAccepted(file)).toBe(false);
  const fallback = jest.fn(() => ({ answer: () => 43 }));
  expect((requireWithCodeCache(directory, name, fallback) as { answer(): number }).answer()).toBe(43);
  expect(fallback).toHaveBeenCalledTimes(1);
});

test('a cache of a text of another length is not used either', () => {
  const { directory, name, file } = moduleFile(SOURCE);
  writeCodeCache(file);
  fs.writeFileSync(file, SOURCE.replace('42', '43 + 1 /* a longer text than the cache was made for */'));
  expect(codeCacheAccepted(file)).toBe(false);
  const fallback = jest.fn(() => ({ from: 'fallback' }));
  expect(requireWithCodeCache(directory, name, fallback)).toEqual({ from: 'fallback' });
});

test('a cache of the right text that V8 rejects (another V8, other flags) compiles the module as without one', () => {
  // (Made by hand: a source this process compiled before would come from V8's own in-memory cache instead.)
  const source = SOURCE.replace('42', '40 + 2');
  const { directory, name, file } = moduleFile(source);
  const wrapped = Module.wrap(source);
  fs.writeFileSync(`${file}${CODE_CACHE_SUFFIX}`, `${createHash('sha256').update(wrapped).digest('hex')}\nnot V8 code at all`);
  expect(codeCacheAccepted(file)).toBe(false);
  const fallback = jest.fn();
  expect((requireWithCodeCache(directory, name, fallback) as { answer(): number }).answer()).toBe(42);
  expect(fallback).not.toHaveBeenCalled();
});

test('a cache file without its digest line is not used', () => {
  const { directory, name, file } = moduleFile(SOURCE);
  fs.writeFileSync(`${file}${CODE_CACHE_SUFFIX}`, 'not a code cache');
  expect(codeCacheAccepted(file)).toBe(false);
  expect(requireWithCodeCache(directory, name, () => 'fallback')).toBe('fallback');
});

test('a module that throws gives its error, and is loaded afresh the next time', () => {
  const marker = path.join(work, 'ready');
  const { directory, name, file } = moduleFile(`if (!require('fs').existsSync(${JSON.stringify(marker)})) throw new Error('not yet');\nexports.ok = true;\n`);
  writeCodeCache(file);
  expect(() => requireWithCodeCache(directory, name, jest.fn())).toThrow('not yet');
  fs.writeFileSync(marker, '');
  expect(requireWithCodeCache(directory, name, jest.fn())).toEqual({ ok: true });
});

test('the cache holds the digest of the module as Node wraps it, then what V8 compiles for it', () => {
  const { file } = moduleFile(SOURCE);
  writeCodeCache(file);
  const cache = fs.readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
  const wrapped = Module.wrap(SOURCE);
  expect(cache.toString('latin1', 0, 65)).toBe(`${createHash('sha256').update(wrapped).digest('hex')}\n`);
  expect(new vm.Script(wrapped, { filename: file, cachedData: cache.subarray(65) }).cachedDataRejected).toBe(false);
});
