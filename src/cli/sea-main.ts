import { main } from './hanok';

/** Entry point of the single executable (`npm run build:exe`): the same command line as bin/hanok.js. */
process.exitCode = main(process.argv.slice(2));
