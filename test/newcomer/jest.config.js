/**
 * `npm run test:newcomer`: the newcomer path in a fresh clone and a real browser (about 6 minutes,
 * one n8n). Not part of `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: '../..',
	roots: ['<rootDir>/test/newcomer'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 1_200_000,
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/runtime/'],
};
