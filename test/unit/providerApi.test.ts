import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { providerApiError, providerMessageOf, redactSecrets } from '../../nodes/FaxCore/providerApi';
import { retryAfterMs, withRateLimitRetries } from '../../nodes/FaxCore/rateLimitRetry';
import { HttpError } from '../support/n8nRequests';

const node: INode = { id: '1', name: 'Fax', type: 'n8n-nodes-fax.phaxio', typeVersion: 1, position: [0, 0], parameters: {} };

/** A failure as n8n's httpRequestWithAuthentication throws it: a NodeApiError around the axios error. */
function n8nFailure(status: number, data: unknown, headers: Record<string, string> = {}) {
	return new NodeApiError(node, new HttpError({ status, headers, data }) as unknown as JsonObject);
}

describe('provider messages', () => {
	it('reads Sinch fieldViolations, Fax.Plus description and Phaxio message', () => {
		expect(
			providerMessageOf(
				n8nFailure(400, {
					code: 400,
					error: 'INVALID_ARGUMENT',
					message: 'Invalid request',
					details: [{ fieldViolations: [{ field: 'to', description: 'must be E.164' }, { field: 'headerText', description: 'too long' }] }],
				}),
			),
		).toBe('Invalid request; INVALID_ARGUMENT; to: must be E.164; headerText: too long');
		expect(providerMessageOf(n8nFailure(403, { error: 'insufficient_scope', description: 'The token lacks the fax:fax:write scope' }))).toBe(
			'The token lacks the fax:fax:write scope; insufficient_scope',
		);
		expect(providerMessageOf(n8nFailure(422, Buffer.from(JSON.stringify({ success: false, message: 'Phone number is invalid' }))))).toBe(
			'Phone number is invalid',
		);
		expect(providerMessageOf(n8nFailure(502, '<html>Bad gateway</html>'))).toBeUndefined();
	});

	it('redacts credential values, bearer tokens, URL passwords and token fields', () => {
		expect(
			redactSecrets('key s3cr3t-key used; Authorization: Bearer abc.def-ghi; https://u:p4ss@host/x; {"access_token":"tok123"}', ['s3cr3t-key']),
		).toBe('key [redacted] used; Authorization: Bearer [redacted]; https://[redacted]@host/x; {"access_token":"[redacted]"}');
	});

	it('builds an error that names the action, the status, the reason and the hint', () => {
		const error = providerApiError(node, n8nFailure(403, { message: 'Plan has no API access for token T0KEN-1' }), 'Sending the fax with Fax.Plus', { 403: 'Check the plan.' }, ['T0KEN-1']);
		expect(error.message).toBe('Sending the fax with Fax.Plus failed (HTTP 403): Plan has no API access for token [redacted]');
		expect(error.description).toBe('Check the plan.');
		expect(error.httpCode).toBe('403');
	});
});

describe('rate-limit retries', () => {
	it('honours Retry-After in seconds or as a date, and backs off without it', async () => {
		expect(retryAfterMs(n8nFailure(429, {}, { 'retry-after': '3' }))).toBe(3000);
		expect(retryAfterMs(n8nFailure(503, {}, { 'retry-after': new Date(10_000).toUTCString() }), 8_000)).toBe(2000);
		const waits: number[] = [];
		let calls = 0;
		const result = await withRateLimitRetries(
			async () => {
				calls++;
				if (calls < 3) throw n8nFailure(calls === 1 ? 429 : 503, {});
				return 'sent';
			},
			async (ms) => {
				waits.push(ms);
			},
		);
		expect([result, calls, waits]).toEqual(['sent', 3, [500, 1000]]);
	});

	it('does not retry other failures, nor wait longer than 10 s', async () => {
		const wait = jest.fn(async () => {});
		await expect(withRateLimitRetries(async () => await Promise.reject(n8nFailure(400, {})), wait)).rejects.toThrow();
		await expect(withRateLimitRetries(async () => await Promise.reject(n8nFailure(429, {}, { 'retry-after': '60' })), wait)).rejects.toThrow();
		expect(wait).not.toHaveBeenCalled();
	});
});
