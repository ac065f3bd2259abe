#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * The build of lib/ the snapshot must come from: how many compiled modules lib/src holds and when the newest was
 * written (tsc rewrites only the files whose output changed, so no single file's time would do).
 * scripts/build-fast.ts records the same.
 */
function buildOf(libSrc) {
  let files = 0;
  let newest = 0;
  for (const name of fs.readdirSync(libSrc, { recursive: true })) {
    if (!name.endsWith('.js') && !name.endsWith('.json')) continue;
    files += 1;
    newest = Math.max(newest, fs.statSync(path.join(libSrc, name)).mtimeMs);
  }
  return { files, newest };
}

/**
 * The fast path (`npm run build:fast`): when lib/fast/ holds a start-up snapshot made by this Node from the current
 * build of lib/, run hanok from it, with every module already loaded; otherwise load lib/ as usual. Both give the
 * same output. HANOK_FAST=0 never uses it; HANOK_FAST=1 fails without it (for the benchmark and tests, which must
 * know which path they measure).
 */
function fastPath() {
  const mode = process.env.HANOK_FAST;
  if (mode === '0') return undefined;
  const lib = path.join(__dirname, '..', 'lib');
  let current = false;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(lib, 'fast', 'stamp.json'), 'utf8'));
    if (stamp.node === process.version && stamp.execPath === process.execPath) {
      const build = buildOf(path.join(lib, 'src'));
      current = stamp.files === build.files && stamp.newest === build.newest;
    }
  } catch {
    current = false;
  }
  if (!current && mode === '1') {
    console.error('hanok: HANOK_FAST=1, but lib/fast/ holds no start-up snapshot of this build for this Node; run `npm run build:fast`');
    process.exit(1);
  }
  return current ? path.join(lib, 'fast', 'hanok.blob') : undefined;
}

const blob = fastPath();
if (blob) {
  // `--` ends Node's own options: without it, `hanok --version` or `hanok --help` would be answered by Node.
  const child = require('child_process').spawn(process.execPath, ['--snapshot-blob', blob, '--', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exitCode = code === null ? 1 : code;
  });
} else {
  let cli;
  try {
    cli = require('../lib/src/cli/run.js');
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && /lib[\\/]src[\\/]cli/.test(error.message)) {
      console.error('hanok: not built yet; run `npm run build` in the hanok folder first');
      process.exit(1);
    }
    throw error;
  }
  cli.runCli(process.argv.slice(2));
}
