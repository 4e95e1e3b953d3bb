/**
 * `npm run test:queue`: the triggers in n8n's queue mode (PostgreSQL, Redis, a main, two webhook
 * processes, a worker). Not part of `npm test`: it installs Debian packages when missing and
 * takes minutes.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.config.js'),
	testMatch: ['<rootDir>/test/queue/**/*.queue.ts'],
	testTimeout: 30 * 60_000,
};
