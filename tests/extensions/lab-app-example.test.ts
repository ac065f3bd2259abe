/**
 * The example project's own test (examples/lab-app/test), run here against hanok's source tree: jest and tsc map the
 * package name `hanok` to src/index.ts, the package's entry point (jest.config.js, tsconfig.json), so the example's
 * extension goes through this checkout's pipeline. Its own `npm test` runs the same file against an installed hanok.
 */
import '../../examples/lab-app/test/lab-app.test';
