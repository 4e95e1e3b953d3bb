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
 * and prints the distribution of
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
	process.stderr.write('No "Fax webhook started a run" lines: run the crash test with CRASH_LOG_LEVEL=debug\n');
	process.exit(1);
}

const executionsByFax = new Map();
for (const execution of report.executions) {
	for (const faxId of execution.faxIds) executionsByFax.set(faxId, execution);
}

/** @type {Record<string, number[]>} */
const windows = { 'request → 200 (whole delivery)': [], 'ledger claim (dedupe step)': [], 'ledger → row': [], 'row → assigned id': [], 'row → 200': [], '200 → stopped': [] };
let matched = 0;
for (const fax of report.faxes) {
	const ack = fax.attempts.find((/** @type {any} */ attempt) => attempt.status === 200 && !/duplicate/.test(attempt.body ?? ''));
	const execution = executionsByFax.get(fax.faxId);
	if (!ack || !execution) continue;
	const sentAt = runStartedAt + ack.at;
	const ackAt = sentAt + ack.ms;
	const line = started.filter((entry) => entry.at >= sentAt - 2 && entry.at <= ackAt + 2);
	if (line.length !== 1) continue; // overlapping deliveries: cannot tell which line is whose
	matched++;
	const { steps } = line[0];
	const claimedAt = line[0].at - (steps.fetch ?? 0) - (steps.attach ?? 0);
	const rowAt = sqliteTime(execution.createdAt);
	windows['request → 200 (whole delivery)'].push(ack.ms);
	windows['ledger claim (dedupe step)'].push(steps.dedupe ?? NaN);
	windows['ledger → row'].push(rowAt - claimedAt);
	if (assigned.has(execution.id)) windows['row → assigned id'].push(/** @type {number} */ (assigned.get(execution.id)) - rowAt);
	windows['row → 200'].push(ackAt - rowAt);
	windows['200 → stopped'].push(sqliteTime(execution.stoppedAt) - ackAt);
}

const quantile = (/** @type {number[]} */ values, /** @type {number} */ q) => {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
process.stdout.write(`${matched} deliveries lined up (of ${report.faxes.length}); milliseconds, same clock, 1 ms resolution\n`);
process.stdout.write(`  ${'window'.padEnd(32)} ${'min'.padStart(6)} ${'p50'.padStart(6)} ${'p90'.padStart(6)} ${'max'.padStart(6)}\n`);
for (const [name, values] of Object.entries(windows)) {
	const cells = [0, 0.5, 0.9, 1].map((q) => quantile(values, q).toFixed(0).padStart(6));
	process.stdout.write(`  ${name.padEnd(32)} ${cells.join(' ')}\n`);
}
