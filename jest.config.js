/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/contracts/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup-network.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Focused tests (`it.only`) must never reach CI unnoticed.
  injectGlobals: true,
  testTimeout: 15000,
};
