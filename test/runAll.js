// @ts-check
/**
 * `npm test`: every suite jest runs by default (unit, node-level over real HTTP, hostile, end to
 * end in a real n8n), then the queue-mode suite on its own (it starts PostgreSQL, Redis and four
 * n8n processes, so nothing else runs beside it), and one closing line for both:
 * "N passed, N failed". Arguments are handed to the first run (a path or `-t` narrows it and
 * skips the queue suite).
 */
const { runCLI } = require('jest');
const path = require('path');

const { summaryLine } = require('./support/summaryReporter.js');

const root = path.resolve(__dirname, '..');

async function run(config, extra = {}) {
	const { results } = await runCLI(
		// @ts-expect-error jest's argv type wants every yargs field; these are the ones that matter.
		{ config: path.join(root, config), reporters: ['default'], ...extra },
		[root],
	);
	return results;
}

async function main() {
	const narrowed = process.argv.slice(2);
	const runs = [await run('jest.config.js', narrowed.length > 0 ? { _: narrowed } : {})];
	if (narrowed.length === 0) runs.push(await run('jest.queue.config.js', { runInBand: true }));
	const counts = ['numPassedTests', 'numFailedTests', 'numRuntimeErrorTestSuites', 'numPendingTests', 'numTodoTests'];
	const total = Object.fromEntries(counts.map((count) => [count, runs.reduce((sum, results) => sum + results[count], 0)]));
	process.stdout.write(`\n${summaryLine(total)}\n`);
	// Suites may leave handles (n8n's children are gone; sockets linger): exit with the verdict.
	process.exit(total.numFailedTests + total.numRuntimeErrorTestSuites > 0 || runs.some((results) => !results.success) ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
