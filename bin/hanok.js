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
    // A bug in hanok, not a problem with the input: keep the stack trace for the report.
    console.error(error);
    process.exitCode = 70;
  },
);
