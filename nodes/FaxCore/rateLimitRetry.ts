import { sleep } from 'n8n-workflow';

import { failedResponseOf, httpStatusOf } from './providerApi';

/** Statuses a provider answers when it wants the same request again later. */
const RETRIED_STATUSES = new Set([429, 503]);
const MAX_ATTEMPTS = 3;
const FIRST_DELAY_MS = 500;
/** Longer waits than this are not worth holding an execution for: the error says to retry later. */
const MAX_DELAY_MS = 10_000;

/** How long the provider asked to wait (`Retry-After` in seconds or as an HTTP date), if it said. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
	const header = failedResponseOf(error)?.headers['retry-after'];
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sends a request again when the provider answers 429 or 503: after the `Retry-After` it gives,
 * else after 0.5 s then 1 s; at most three attempts and never a wait over 10 s. `send` builds
 * its request anew each time (a streamed body can be sent once only).
 */
export async function withRateLimitRetries<T>(send: () => Promise<T>, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await send();
		} catch (error) {
			const status = httpStatusOf(error);
			// The caller turns the provider's failure into a NodeApiError with its message and hints.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			if (attempt >= MAX_ATTEMPTS || status === undefined || !RETRIED_STATUSES.has(status)) throw error;
			const delay = retryAfterMs(error) ?? FIRST_DELAY_MS * 2 ** (attempt - 1);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			if (delay > MAX_DELAY_MS) throw error;
			await wait(delay);
		}
	}
}
