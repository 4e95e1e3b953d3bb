/**
 * What a trigger's answer means, in words: a started run answers 2xx with no body (or the
 * workflow's own answer), a delivery that starts nothing answers `{"started":false,"reason":…}`.
 */
export function describeOutcome(status: number, body: string): string {
	if (status < 200 || status >= 300) {
		const reason = errorText(body);
		return `no run started: the trigger refused the request${reason ? ` (${reason})` : ''}`;
	}
	const answer = parseJson(body);
	if (answer && typeof answer === 'object' && (answer as { started?: unknown }).started === false) {
		const reason = (answer as { reason?: unknown }).reason;
		return `no run started${typeof reason === 'string' && reason ? `: ${reason}` : ''}`;
	}
	return 'a run started: see the workflow\'s executions in n8n';
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function errorText(body: string): string {
	const answer = parseJson(body) as { error?: unknown; message?: unknown } | undefined;
	const reason = answer?.error ?? answer?.message;
	return typeof reason === 'string' ? reason : body.trim().slice(0, 200);
}
