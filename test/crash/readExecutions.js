// @ts-check
/**
 * Reads what a stopped n8n kept of its executions, for the crash test: run with the Node 24 that
 * runs n8n (built-in `node:sqlite`; the `sqlite3` in n8n's modules is built for Node 24 too).
 *
 *   node readExecutions.js <n8n user folder> <folder holding n8n's node_modules>
 *
 * Prints one JSON array: per execution its id, status, timestamps, and every item found anywhere
 * in its saved data (run data or the not-yet-run node stack) that has a `faxId` and a binary
 * property: the fax id, the binary id and the document's SHA-256 as the trigger recorded it.
 */
const { DatabaseSync } = require('node:sqlite');
const path = require('path');

const [userFolder, n8nFolder] = process.argv.slice(2);
const flatted = require(require.resolve('flatted', { paths: [n8nFolder] }));

const db = new DatabaseSync(path.join(userFolder, '.n8n/database.sqlite'));
const rows = db
	.prepare(
		`SELECT e.id, e.status, e.mode, e.finished, e.createdAt, e.startedAt, e.stoppedAt, e.workflowId,
		        d.data AS data
		   FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
		  ORDER BY e.id`,
	)
	.all();

/** Every `{ json: { faxId }, binary }` object in the data, wherever it sits. */
function faxItems(data) {
	const found = new Map();
	const seen = new Set();
	const walk = (value) => {
		if (value === null || typeof value !== 'object' || seen.has(value)) return;
		seen.add(value);
		const json = value.json;
		if (json && typeof json === 'object' && json.faxId !== undefined && value.binary && typeof value.binary === 'object') {
			for (const [property, binary] of Object.entries(value.binary)) {
				if (!binary || typeof binary !== 'object') continue;
				const key = `${json.faxId}|${binary.id ?? property}`;
				found.set(key, {
					faxId: String(json.faxId),
					binaryId: typeof binary.id === 'string' ? binary.id : null,
					inlineBytes: typeof binary.data === 'string' && binary.data.length > 0 ? binary.data.length : 0,
					sha256: json.document && typeof json.document === 'object' ? json.document.sha256 ?? null : null,
				});
			}
		}
		for (const child of Array.isArray(value) ? value : Object.values(value)) walk(child);
	};
	walk(data);
	return [...found.values()];
}

const executions = rows.map((row) => {
	let items = [];
	let dataError = null;
	if (typeof row.data === 'string') {
		try {
			items = faxItems(flatted.parse(row.data));
		} catch (error) {
			dataError = String(error);
		}
	} else {
		dataError = 'no execution_data row';
	}
	return {
		id: String(row.id),
		status: row.status,
		mode: row.mode,
		finished: Boolean(row.finished),
		createdAt: row.createdAt,
		startedAt: row.startedAt,
		stoppedAt: row.stoppedAt,
		workflowId: row.workflowId,
		dataError,
		items,
	};
});
db.close();
process.stdout.write(JSON.stringify(executions));
