#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');

const { buildOf } = require('./lib-build.js');

/**
 * The fast path (`npm run build:fast`): when lib/fast/ holds a start-up snapshot made by this Node from the current
 * build of lib/, run hanok from it, with every module already loaded; otherwise load lib/ as usual. Both give the
 * same output. HANOK_FAST=0 never uses it; HANOK_FAST=1 fails without it (for the benchmark and tests, which must
 * know which path they measure).
 *
 * Whether the snapshot is of the current build takes a walk over the ~250 files of lib/src, which costs as much
 * as deserializing the snapshot on a slow file system: so the snapshot's process is started as soon as the stamp
 * names this Node, and waits, before it runs any of hanok, for this process's verdict on the build (one byte on
 * its file descriptor 3, `HANOK_FAST_GATE`; see scripts/build-fast.ts). On a stale build it exits without doing
 * anything, and this process loads lib/ (or refuses under HANOK_FAST=1) exactly as before.
 */
function snapshotOfThisNode(mode) {
  if (mode === '0') return undefined;
  const lib = path.join(__dirname, '..', 'lib');
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(lib, 'fast', 'stamp.json'), 'utf8'));
    if (stamp.node === process.version && stamp.execPath === process.execPath) {
      return { stamp, blob: path.join(lib, 'fast', 'hanok.blob'), libSrc: path.join(lib, 'src') };
    }
  } catch {
    // no snapshot, or an unreadable stamp: not current
  }
  return undefined;
}

function isCurrent(snapshot) {
  try {
    const build = buildOf(snapshot.libSrc);
    return snapshot.stamp.files === build.files && snapshot.stamp.newest === build.newest;
  } catch {
    return false;
  }
}

function refuseStale() {
  console.error('hanok: HANOK_FAST=1, but lib/fast/ holds no start-up snapshot of this build for this Node; run `npm run build:fast`');
  process.exit(1);
}

function runPlain() {
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

/** Starts the snapshot's process, gated on fd 3, and decides meanwhile whether it may run. */
function runFromSnapshot(snapshot, mode) {
  // `--` ends Node's own options: without it, `hanok --version` or `hanok --help` would be answered by Node.
  const child = require('child_process').spawn(process.execPath, ['--snapshot-blob', snapshot.blob, '--', ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, HANOK_FAST_GATE: '3' },
  });
  const gate = child.stdio[3];
  // A snapshot that fails to start closes its end early; its own message says why.
  gate.on('error', () => undefined);
  const current = isCurrent(snapshot);
  gate.end(current ? '1' : '0');
  if (!current) {
    // The child exits on '0' without running anything; it is not waited for.
    child.unref();
    if (mode === '1') refuseStale();
    runPlain();
    return;
  }
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
  runFromSnapshot(snapshot, mode);
} else {
  if (mode === '1') refuseStale();
  runPlain();
}
