import { existsSync } from 'fs';
import http from 'http';
import fc from 'fast-check';

import type { TriggerServer } from '../support/triggerServer';

/**
 * The loop every hostile-input suite runs its generated requests through: real HTTP on loopback
 * over keep-alive connections, a bounded number in flight, and for every request the exact
 * expected status, a run only for a genuine request (matched by fax id), no secret in the
 * answer; per batch no temp file left, nothing logged at error level, no unhandled rejection.
 * Messages logged at warn level are gathered for a rule checked once per trigger.
 *
 * HOSTILE_RUNS is the number of generated requests per trigger (default 10,000; a few fixed
 * cases come on top). HOSTILE_SEED replays a run: every failure names the seed.
 */
export const RUNS_PER_TRIGGER = Number(process.env.HOSTILE_RUNS ?? 10_000);
export const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = Number(process.env.HOSTILE_CONCURRENCY ?? 12);

/** A property's share of the trigger's requests. */
export const share = (fraction: number) => Math.max(1, Math.round(RUNS_PER_TRIGGER * fraction));

/** `count` values of `arbitrary`, reproducible from SEED and the property's name. */
export function generate<T>(name: string, arbitrary: fc.Arbitrary<T>, count: number): T[] {
	let salt = 0;
	for (const character of name) salt = (salt * 31 + character.charCodeAt(0)) | 0;
	return fc.sample(arbitrary, { numRuns: count, seed: SEED ^ salt });
}

export interface HostileCase {
	/** What was generated, for the failure report (kept short). */
	label: string;
	body: Buffer | string;
	headers: Record<string, string>;
	/** The one status this request must get. */
	status: number;
	/** A genuine request: exactly one run, carrying this fax id. Otherwise no run. */
	runFaxId?: string;
	url?: string;
}

interface Answer {
	status: number;
	text: string;
}

const counts: Record<string, number> = {};
/** Messages the trigger logged at warn level while refusing generated requests, by trigger node. */
const loudLogs: Record<string, Array<{ node: string; message: string }>> = {};
const suiteStarts: Record<string, number> = {};
const REFUSAL_SUMMARY = /^Fax webhook refused \d+ requests?( in the last minute)? \(latest \d{3}: /;

/**
 * The rule checked once per trigger, after its properties: refusals are logged at debug level,
 * and at warn level only as summaries, at most one a minute per trigger node.
 */
export function expectRefusalsLoggedQuietly(trigger: string) {
	const entries = loudLogs[trigger] ?? [];
	const byReason = new Map<string, number>();
	for (const { message } of entries.filter((entry) => !REFUSAL_SUMMARY.test(entry.message))) {
		const reason = message.split('"')[0].replace(/Address \S+/g, 'Address …').replace(/\d+(\.\d+)*/g, 'N').split(':').slice(0, 2).join(':').slice(0, 100);
		byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
	}
	const perNode = new Map<string, number>();
	for (const { node } of entries) perNode.set(node, (perNode.get(node) ?? 0) + 1);
	const allowedPerNode = Math.ceil((Date.now() - (suiteStarts[trigger] ?? Date.now())) / 60_000) + 1;
	expect({
		otherWarnings: Object.fromEntries(byReason),
		nodesOverOneSummaryAMinute: [...perNode.values()].filter((count) => count > allowedPerNode).length,
	}).toEqual({ otherWarnings: {}, nodesOverOneSummaryAMinute: 0 });
}
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Registers the process checks and prints the per-trigger counts when the file ends. */
export function hostileSuite(trigger: string) {
	const started = Date.now();
	suiteStarts[trigger] = started;
	beforeAll(() => process.on('unhandledRejection', onUnhandled));
	afterAll(() => {
		process.off('unhandledRejection', onUnhandled);
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		process.stdout.write(
			`\nHostile-input requests generated for ${trigger}: ${counts[trigger] ?? 0} in ${seconds} s (seed ${SEED})\n`,
		);
	});
}

const agents = new Map<string, http.Agent>();

function send(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Answer> {
	const target = new URL(url);
	let agent = agents.get(target.host);
	if (!agent) {
		agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
		agents.set(target.host, agent);
	}
	const payload = typeof body === 'string' ? Buffer.from(body) : body;
	return new Promise((resolve, reject) => {
		let answered = false;
		const request = http.request(
			{
				host: target.hostname,
				port: target.port,
				path: `${target.pathname}${target.search}`,
				method: 'POST',
				headers: { ...headers, 'content-length': String(payload.length) },
				agent,
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					answered = true;
					resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
				});
				response.on('error', reject);
			},
		);
		// A server may answer (413, 401) before it has read a large body, and close: the answer counts.
		request.on('error', (error) => {
			if (!answered) reject(error);
		});
		request.end(payload);
	});
}

const EVENTS = ['fax.received', 'fax.sent', 'fax.page_received', 'fax.page_sent', 'fax.retry_scheduled', 'fax.failed'];
const STATUSES = ['queued', 'in_progress', 'success', 'partial_success', 'failure'];

/** What every item must be, whatever was generated: the normalized item's closed sets. */
function itemProblem(json: Record<string, unknown>): string | undefined {
	if (!EVENTS.includes(json.event as string)) return `event ${String(json.event)}`;
	if (!STATUSES.includes(json.status as string)) return `status ${String(json.status).slice(0, 60)}`;
	if (json.direction !== 'inbound' && json.direction !== 'outbound') return `direction ${String(json.direction)}`;
	if (typeof json.faxId !== 'string' || json.faxId === '') return 'no fax id';
	return undefined;
}

export function closeAgents() {
	for (const agent of agents.values()) agent.destroy();
	agents.clear();
}

/**
 * Sends every case, CONCURRENCY at a time, and fails with the first mismatches (and the seed) if
 * any request got another status than its own, a run it should not have, or leaked a secret.
 */
export async function expectHostileCases(
	server: TriggerServer,
	trigger: string,
	cases: HostileCase[],
	secrets: string[],
): Promise<void> {
	const runsBefore = server.runs.length;
	const logsBefore = server.logs.length;
	const mismatches: string[] = [];
	const note = (message: string) => {
		if (mismatches.length < 8) mismatches.push(message);
		else if (mismatches.length === 8) mismatches.push('…');
	};
	let next = 0;
	const worker = async () => {
		while (next < cases.length) {
			const hostileCase = cases[next++];
			let answer: Answer;
			try {
				answer = await send(hostileCase.url ?? server.productionUrl, hostileCase.body, hostileCase.headers);
			} catch (error) {
				note(`${hostileCase.label}: no answer (${String(error)})`);
				continue;
			}
			if (answer.status !== hostileCase.status) {
				note(`${hostileCase.label}: expected ${hostileCase.status}, got ${answer.status} ${answer.text.slice(0, 160)}`);
			}
			for (const secret of secrets) {
				if (answer.text.includes(secret)) note(`${hostileCase.label}: the answer carries a secret`);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cases.length) }, worker));
	counts[trigger] = (counts[trigger] ?? 0) + cases.length;

	const genuine = new Map(cases.filter((c) => c.runFaxId !== undefined).map((c) => [c.runFaxId!, c.label]));
	const started = new Map<string, number>();
	for (const run of server.runs.slice(runsBefore)) {
		for (const item of run.items) {
			const faxId = String(item.json.faxId);
			const problem = itemProblem(item.json);
			if (problem) note(`the run for fax ${faxId} carries ${problem}`);
			started.set(faxId, (started.get(faxId) ?? 0) + 1);
			if (!genuine.has(faxId)) {
				const carrier = cases.find((c) => String(c.body).includes(faxId) || c.label.includes(faxId));
				note(`a run started for fax ${faxId}, which no genuine request carried${carrier ? ` (${carrier.label}, expected ${carrier.status})` : ''}`);
			}
		}
	}
	for (const [faxId, label] of genuine) {
		const runs = started.get(faxId) ?? 0;
		if (runs !== 1) note(`${label}: ${runs} runs for the genuine fax ${faxId}, expected 1`);
	}
	for (const log of server.logs.slice(logsBefore)) {
		if (log.level === 'error') note(`logged at error level: ${log.message.slice(0, 160)}`);
		if (log.level === 'warn') (loudLogs[trigger] ??= []).push({ node: server.node.id, message: log.message });
	}
	const leftFiles = server.preParsedFiles.filter((file) => existsSync(file));
	if (leftFiles.length > 0) note(`${leftFiles.length} temp files left, e.g. ${leftFiles[0]}`);
	if (unhandled.length > 0) note(`unhandled rejection: ${String(unhandled[0])}`);

	if (mismatches.length > 0) {
		throw new Error(`${trigger}: ${cases.length} generated requests, seed ${SEED} (HOSTILE_SEED to replay):\n  ${mismatches.join('\n  ')}`);
	}
}
