import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { PHAXIO_DEFAULT_BASE_URL } from './phaxioApi';

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * The Phaxio credential's "Test" button, for both Phaxio nodes. A trigger-only credential holds
 * just the webhook token, which Phaxio offers no way to check; a key pair is checked against
 * GET /account/status, the request Phaxio documents for it.
 */
export async function testPhaxioCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { apiKey, apiSecret, webhookToken, baseUrl } = credential.data ?? {};
	if (filled(apiKey) !== filled(apiSecret)) {
		return { status: 'Error', message: 'Enter both the API Key and the API Secret, or neither if only the Phaxio Trigger uses this credential' };
	}
	if (!filled(apiKey)) {
		return filled(webhookToken)
			? { status: 'OK', message: 'Webhook token saved. Phaxio cannot check it before a delivery: send a test fax to see it accepted' }
			: { status: 'Error', message: 'Enter the Webhook Token (Phaxio Trigger) or the API Key and API Secret (Phaxio node)' };
	}
	const url = `${(filled(baseUrl) ? baseUrl : PHAXIO_DEFAULT_BASE_URL).replace(/\/+$/, '')}/account/status`;
	try {
		// The only HTTP helper n8n gives a credential test.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		await this.helpers.request({ method: 'GET', uri: url, auth: { user: apiKey, pass: apiSecret as string }, json: true });
	} catch (error) {
		const status = (error as { statusCode?: number; httpCode?: string; response?: { status?: number } }).statusCode;
		return {
			status: 'Error',
			message:
				status === 401 || status === 403
					? 'Phaxio refused the API Key and API Secret: copy them again from the API Keys page of the Phaxio console'
					: `Phaxio could not be reached at ${url}${status ? ` (HTTP ${status})` : ''}: check the Base URL`,
		};
	}
	return { status: 'OK', message: filled(webhookToken) ? 'Phaxio accepted the API key pair' : 'Phaxio accepted the API key pair. The Phaxio Trigger also needs the Webhook Token' };
}
