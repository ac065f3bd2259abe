#!/usr/bin/env node
'use strict';
const path = require('path');

const { madeBy, refuseStale, runPlain } = require('./lib-build.js');

/**
 * The fast path (`npm run build:fast`): when lib/fast/ holds a start-up snapshot made by this Node binary (its
 * `node` line, see bin/lib-build.js), run hanok from it, with every module already loaded; otherwise load lib/ as
 * usual. Both give the same output. HANOK_FAST=0 never uses it; HANOK_FAST=1 fails without it (for the benchmark
 * and tests, which must know which path they measure).
 *
 * Whether the snapshot is of the current build of lib/ is checked by the snapshot itself, before it runs anything
 * of hanok (`HANOK_FAST_CHECK`, see scripts/build-fast.ts): on a stale build it loads lib/ in its own process, as
 * this one would. bin/hanok, the command npm installs, starts the snapshot the same way without this extra Node
 * process; this file is what `node bin/hanok.js` and the npm scripts run.
 */
function snapshotOfThisNode(mode) {
  if (mode === '0') return undefined;
  const lib = path.join(__dirname, '..', 'lib');
  const fast = path.join(lib, 'fast');
  return madeBy(fast, process.execPath) ? { blob: path.join(fast, 'hanok.blob'), libSrc: path.join(lib, 'src') } : undefined;
}

function runFromSnapshot(snapshot) {
  // `--` ends Node's own options: without it, `hanok --version` or `hanok --help` would be answered by Node.
  const child = require('child_process').spawn(process.execPath, ['--snapshot-blob', snapshot.blob, '--', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, HANOK_FAST_CHECK: snapshot.libSrc },
  });
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
}

const mode = process.env.HANOK_FAST;
const snapshot = snapshotOfThisNode(mode);
if (snapshot) {
  runFromSnapshot(snapshot);
} else {
  if (mode === '1') refuseStale();
  runPlain(require, path.join(__dirname, '..', 'lib', 'src', 'cli', 'run.js'), process.argv.slice(2));
}
