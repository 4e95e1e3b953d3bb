/**
 * `npm run test:crash` only: the crash test (test/crash/*.crash.ts), minutes long, kills a real n8n.
 * Its files do not end in .test.ts, so the default jest run never picks them up.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/crash'],
	testMatch: ['**/*.crash.ts'],
	testTimeout: 40 * 60_000,
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/runtime/'],
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
