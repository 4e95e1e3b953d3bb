/**
 * The triggers in n8n's queue mode (PostgreSQL, Redis, a main, two webhook processes, a worker),
 * run by `npm test` after the other suites and alone by `npm run test:queue`. It installs the
 * Debian packages when missing (a minute) and takes 3 to 9 minutes.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.config.js'),
	testMatch: ['<rootDir>/test/queue/**/*.queue.ts'],
	testTimeout: 30 * 60_000,
};
