#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * The fast path (`npm run build:fast`): when lib/fast/ holds a start-up snapshot made by this Node from the current
 * build of lib/, run hanok from it, with every module already loaded; otherwise (or with HANOK_NO_FAST set) load
 * lib/ as usual. Both give the same output. HANOK_FAST=0 never uses it; HANOK_FAST=1 fails without it (for the
 * benchmark and tests, which must know which path they measure).
 */
function fastPath() {
  const mode = process.env.HANOK_FAST;
  if (mode === '0') return undefined;
  const lib = path.join(__dirname, '..', 'lib');
  let current = false;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(lib, 'fast', 'stamp.json'), 'utf8'));
    current = stamp.node === process.version && stamp.execPath === process.execPath && stamp.build === fs.statSync(path.join(lib, 'src', 'cli', 'hanok.js')).mtimeMs;
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
  const child = require('child_process').spawn(process.execPath, ['--snapshot-blob', blob, ...process.argv.slice(2)], { stdio: 'inherit' });
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
