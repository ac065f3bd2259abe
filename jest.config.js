/** Type checking runs once, before jest, in `npm test` (tsc --noEmit); ts-jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60000,
  setupFilesAfterEnv: ['<rootDir>/tests/setup-temp.ts'],
  // examples/ import hanok by its package name; here it is this checkout's source tree.
  moduleNameMapper: { '^hanok$': '<rootDir>/src/index.ts' },
};
