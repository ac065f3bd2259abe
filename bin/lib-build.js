'use strict';
const fs = require('fs');
const path = require('path');

/**
 * The build of lib/ a start-up snapshot must come from: how many compiled modules lib/src holds and when the newest
 * was written (tsc rewrites only the files whose output changed, so no single file's time would do). bin/hanok.js
 * compares it with lib/fast/stamp.json on every start, and scripts/build-fast.ts records it there; plain
 * JavaScript, so that the launcher loads nothing compiled before it knows the build is current.
 */
function buildOf(libSrc) {
  let files = 0;
  let newest = 0;
  // A walk by hand: fs.readdirSync's `recursive` costs about 30 ms more here, on every start of bin/hanok.js.
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

module.exports = { buildOf };
