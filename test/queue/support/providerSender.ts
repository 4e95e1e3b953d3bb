export interface SimulatedDelivery {
	body: Buffer | string;
	headers: Record<string, string>;
}

export interface DeliveryResult {
	/** Every status the sender got, the last one a 2xx (or the last attempt); 0: no answer in time. */
	statuses: number[];
	/** The 2xx answer said "already received, no run" (`started: false`). */
	duplicate: boolean;
	/** From the first attempt to the 2xx. */
	elapsedMs: number;
}

/**
 * Sends a delivery as a provider does: waits at most `answerTimeoutMs` for an answer (Sinch waits
 * 60 s), and sends again after a 409, a 5xx, a dropped connection or no answer, until a 2xx (for
 * `giveUpAfterMs` here; providers keep trying for days).
 */
export async function deliverLikeProvider(
	url: string,
	delivery: SimulatedDelivery,
	{ retryDelayMs = 300, answerTimeoutMs = 60_000, giveUpAfterMs = 150_000 } = {},
): Promise<DeliveryResult> {
	const statuses: number[] = [];
	const startedAt = performance.now();
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			body: delivery.body,
			headers: delivery.headers,
			signal: AbortSignal.timeout(answerTimeoutMs),
		}).catch(() => undefined);
		const status = response?.status ?? 0;
		statuses.push(status);
		const text = response ? await response.text().catch(() => '') : '';
		if ((status >= 200 && status < 300) || performance.now() - startedAt >= giveUpAfterMs) {
			return { statuses, duplicate: /"started":\s*false/.test(text), elapsedMs: performance.now() - startedAt };
		}
		await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
	}
}

/** Runs `work` on every item, `concurrency` at a time, and returns the results in order. */
export async function inPool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	return results;
}
