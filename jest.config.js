/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 30_000,
	// The n8n that the end-to-end suite installs there is 3 GB of modules: never crawl it.
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/runtime/'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/runtime/'],
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
