/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 30_000,
	// The n8n that the end-to-end suite installs there is 3 GB of modules: never crawl it.
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/runtime/'],
	// test/newcomer is `npm run test:newcomer` (a fresh clone, npm start twice, a real browser).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/runtime/', '<rootDir>/test/newcomer/'],
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
