'use strict';
const fs = require('fs');
const path = require('path');

/**
 * What the launchers (bin/hanok.js, bin/hanok) and the start-up snapshot share about the build of lib/: plain
 * JavaScript, so that a launcher loads nothing compiled before it knows the build is current, and so that
 * scripts/build-fast.ts can carry this file's text in the snapshot, which checks its own build with it.
 */

/**
 * The build of lib/ a start-up snapshot must come from: how many compiled modules lib/src holds and when the newest
 * was written (tsc rewrites only the files whose output changed, so no single file's time would do).
 * scripts/build-fast.ts records it in the snapshot.
 */
function buildOf(libSrc) {
  let files = 0;
  let newest = 0;
  // A walk by hand: fs.readdirSync's `recursive` costs about 30 ms more here, on every start.
  const walk = (directory) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.js') || entry.name.endsWith('.json')) {
        files += 1;
        newest = Math.max(newest, fs.statSync(file).mtimeMs);
      }
    }
  };
  walk(libSrc);
  return { files, newest };
}

/**
 * The file of lib/fast/ that names the Node binary the snapshot was made by, in one line that bin/hanok (a shell
 * script) can compare too: a snapshot starts only in the Node that made it.
 */
const NODE_STAMP = 'node';

/** NODE_STAMP's line for a Node binary: its path, its size in bytes and its modification time in whole seconds. */
function nodeIdentity(execPath) {
  const stat = fs.statSync(execPath);
  return `${execPath} ${stat.size} ${Math.floor(stat.mtimeMs / 1000)}`;
}

/** Whether the snapshot in `fastDir` (lib/fast) was made by the Node binary at `execPath`. */
function madeBy(fastDir, execPath) {
  try {
    return fs.readFileSync(path.join(fastDir, NODE_STAMP), 'utf8') === `${nodeIdentity(execPath)}\n`;
  } catch {
    return false;
  }
}

/** Whether lib/src (`libSrc`) is the build `expected`; a missing or unreadable lib/src is not. */
function isBuild(libSrc, expected) {
  try {
    const build = buildOf(libSrc);
    return build.files === expected.files && build.newest === expected.newest;
  } catch {
    return false;
  }
}

/** HANOK_FAST=1 insists on the fast path: without a current snapshot it stops here. */
function refuseStale() {
  console.error('hanok: HANOK_FAST=1, but lib/fast/ holds no start-up snapshot of this build for this Node; run `npm run build:fast`');
  process.exit(1);
}

/** Loads the compiled CLI (`runFile`, lib/src/cli/run.js) with `load` and runs it: the plain path. */
function runPlain(load, runFile, args) {
  if (!fs.existsSync(runFile)) {
    console.error('hanok: not built yet; run `npm run build` in the hanok folder first');
    process.exit(1);
  }
  load(runFile).runCli(args);
}

module.exports = { NODE_STAMP, buildOf, isBuild, madeBy, nodeIdentity, refuseStale, runPlain };
