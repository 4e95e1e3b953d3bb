// @ts-check
/**
 * How long each crash window of one delivery lasts, from a crash-test run made one delivery at a
 * time with n8n's debug log:
 *
 *   CRASH_KILLS=0 CRASH_FAXES=60 CRASH_CONCURRENCY=1 CRASH_RATE=2 CRASH_LOG_LEVEL=debug \
 *     CRASH_OUT=/tmp/crash-probe npm run test:crash
 *   node test/crash/windows.js /tmp/crash-probe
 *
 * Per delivery that started a run, it lines up (same clock, milliseconds):
 *   - the trigger's debug line "Fax webhook started a run (ms: … dedupe d, fetch f, attach a)",
 *     logged when webhook() returns: the ledger's claim was written f + a ms before that;
 *   - the execution row's createdAt (set just before n8n inserts the row and its data, in one
 *     transaction, in ActiveExecutions.add → ExecutionPersistence.create);
 *   - n8n's debug line "Execution for workflow … was assigned id N" (after the insert and
 *     setRunning, in WorkflowRunner.runMainProcess);
 *   - the moment the sender had its 200 (onReceived: after WorkflowRunner.run returned).
 * Without debug lines (any run), the windows that need no trigger log still come from report.json:
 * request → row, row → 200, 200 → stopped, for each execution made by an acknowledged attempt.
 * Prints the distribution of
 *   ledger → row    claim written, no execution yet: a kill here loses the fax (the retry is
 *                   answered "duplicate")
 *   row → 200       execution kept, provider not answered: a kill here leaves a crashed execution
 *                   and the retry is answered "duplicate"
 *   200 → stopped   acknowledged, run not finished: a kill here leaves a crashed execution
 */
const { readFileSync } = require('fs');
const path = require('path');

const outDir = process.argv[2];
if (!outDir) {
	process.stderr.write('usage: node test/crash/windows.js <CRASH_OUT folder>\n');
	process.exit(2);
}
const report = JSON.parse(readFileSync(path.join(outDir, 'report.json'), 'utf8'));
const runStartedAt = Date.parse(report.runStartedAt);
const sqliteTime = (/** @type {string|null} */ text) => (text ? Date.parse(`${text.replace(' ', 'T')}Z`) : NaN);

/** @type {Array<{ at: number, steps: Record<string, number> }>} */
const started = [];
/** @type {Map<string, number>} */
const assigned = new Map();
for (const line of readFileSync(path.join(outDir, 'n8n.log'), 'utf8').split('\n')) {
	if (!line.startsWith('{')) continue;
	let entry;
	try {
		entry = JSON.parse(line);
	} catch {
		continue;
	}
	const at = Date.parse(entry.metadata?.timestamp ?? '');
	const message = String(entry.message ?? '');
	const run = /^Fax webhook started a run \(ms: (.*)\)$/.exec(message);
	if (run) {
		const steps = Object.fromEntries(
			run[1].split(', ').map((step) => {
				const [name, ms] = step.split(' ');
				return [name, Number(ms)];
			}),
		);
		started.push({ at, steps });
	}
	const id = /^Execution for workflow .* was assigned id (\d+)$/.exec(message);
	if (id) assigned.set(id[1], at);
}
if (started.length === 0) {
	process.stderr.write('No "Fax webhook started a run" lines (CRASH_LOG_LEVEL=debug): no ledger window, the rest from report.json\n');
}

const executionsByFax = new Map();
for (const execution of report.executions) {
	for (const faxId of execution.faxIds) executionsByFax.set(faxId, execution);
}

/** @type {Record<string, number[]>} */
const windows = { 'request → 200 (whole delivery)': [], 'request → row': [], 'ledger claim (dedupe step)': [], 'ledger → row': [], 'row → assigned id': [], 'row → 200': [], '200 → stopped': [] };
let matched = 0;
let measured = 0;
for (const fax of report.faxes) {
	const ack = fax.attempts.find((/** @type {any} */ attempt) => attempt.status === 200 && !/duplicate/.test(attempt.body ?? ''));
	const execution = executionsByFax.get(fax.faxId);
	if (!ack || !execution) continue;
	const sentAt = runStartedAt + ack.at;
	const ackAt = sentAt + ack.ms;
	const rowAt = sqliteTime(execution.createdAt);
	// Only the attempt that made this execution (a retry after a crash may have made another).
	if (!(rowAt >= sentAt - 2 && rowAt <= ackAt + 2)) continue;
	measured++;
	windows['request → 200 (whole delivery)'].push(ack.ms);
	windows['request → row'].push(rowAt - sentAt);
	windows['row → 200'].push(ackAt - rowAt);
	if (execution.status === 'success') windows['200 → stopped'].push(sqliteTime(execution.stoppedAt) - ackAt);
	if (assigned.has(execution.id)) windows['row → assigned id'].push(/** @type {number} */ (assigned.get(execution.id)) - rowAt);
	const line = started.filter((entry) => entry.at >= sentAt - 2 && entry.at <= ackAt + 2);
	if (line.length !== 1) continue; // overlapping deliveries: cannot tell which line is whose
	matched++;
	const { steps } = line[0];
	const claimedAt = line[0].at - (steps.fetch ?? 0) - (steps.attach ?? 0);
	windows['ledger claim (dedupe step)'].push(steps.dedupe ?? NaN);
	windows['ledger → row'].push(rowAt - claimedAt);
}

const quantile = (/** @type {number[]} */ values, /** @type {number} */ q) => {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
process.stdout.write(
	`${measured} deliveries measured, ${matched} lined up with the trigger's debug line (of ${report.faxes.length}); ms, same clock, 1 ms resolution\n`,
);
process.stdout.write(`  ${'window'.padEnd(32)} ${'min'.padStart(6)} ${'p50'.padStart(6)} ${'p90'.padStart(6)} ${'max'.padStart(6)}\n`);
for (const [name, values] of Object.entries(windows)) {
	const cells = [0, 0.5, 0.9, 1].map((q) => quantile(values, q).toFixed(0).padStart(6));
	process.stdout.write(`  ${name.padEnd(32)} ${cells.join(' ')}\n`);
}
