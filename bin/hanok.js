#!/usr/bin/env node
'use strict';
let cli;
try {
  cli = require('../lib/src/cli/hanok.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && /lib[\\/]src[\\/]cli/.test(error.message)) {
    console.error('hanok: not built yet; run `npm run build` in the hanok folder first');
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // A bug in hanok rather than a problem with the input: one line, the stack only when asked for.
    if (process.env.HANOK_DEBUG) {
      console.error(error);
    } else {
      console.error(`hanok: internal error: ${error && error.message ? error.message : error} (run again with HANOK_DEBUG=1 for details, and report it)`);
    }
    process.exitCode = 1;
  },
);
