import { main } from './hanok';

/** Entry point of the single executable (`npm run build:exe`): the same command line as bin/hanok.js. */
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // A bug in hanok, not a problem with the input: keep the stack trace for the report.
    console.error(error);
    process.exitCode = 70;
  },
);
