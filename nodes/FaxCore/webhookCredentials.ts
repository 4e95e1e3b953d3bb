import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { WebhookRejection } from './WebhookRejection';

/**
 * n8n loads a credential from its database and decrypts it on every read, which under a burst of
 * deliveries costs more than checking the request. A read is therefore reused for a few seconds,
 * without ever letting the reuse decide a refusal: a request refused against a reused read is
 * checked again against a fresh one. A changed secret applies at once to the requests signed
 * with it; the secret it replaced is accepted for at most REUSE_MS more.
 */
export const REUSE_MS = 5_000;

interface RecentRead {
	credentials: ICredentialDataDecryptedObject;
	until: number;
}

const recentReads = new Map<string, RecentRead>();

/**
 * Runs `check` (which throws a WebhookRejection to refuse the request) against the node's
 * credential of `type`.
 */
export async function checkWithCredentials<T extends object, R>(
	context: IWebhookFunctions,
	type: string,
	check: (credentials: T) => R | Promise<R>,
): Promise<R> {
	forgetExpiredReads();
	const credentialId = context.getNode().credentials?.[type]?.id;
	const key = credentialId ? `${type}:${credentialId}` : undefined;
	const recent = key === undefined ? undefined : recentReads.get(key);
	if (recent) {
		const reused = await Promise.resolve(recent.credentials as T)
			.then(check)
			.then(
				(value) => ({ value }),
				(error: unknown) => {
					if (error instanceof WebhookRejection) return undefined;
					throw error;
				},
			);
		if (reused) return reused.value;
	}
	const credentials = await context.getCredentials<T & ICredentialDataDecryptedObject>(type);
	if (key !== undefined) recentReads.set(key, { credentials, until: Date.now() + REUSE_MS });
	return await check(credentials);
}

/** Drops the reads past their reuse window, so that no secret outlives it by more than one request. */
function forgetExpiredReads() {
	const now = Date.now();
	for (const [key, read] of recentReads) {
		if (read.until <= now) recentReads.delete(key);
	}
}
