import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import type { FaxProviderAdapter, IncomingFaxRequest } from './FaxProviderAdapter';
import { checkWithCredentials } from './webhookCredentials';
import { unauthorized } from './WebhookRejection';

/**
 * Activation (and "listen for test event") fails while the trigger could not verify a request,
 * naming what to set: a trigger that would refuse every delivery, or accept unverified ones, is
 * never switched on silently.
 */
export async function assertVerificationConfigured(context: IHookFunctions, adapter: FaxProviderAdapter) {
	const { credentialType } = adapter.verification;
	const credentials = credentialType ? await context.getCredentials(credentialType) : {};
	const settings = context.getNodeParameter('settings', {}) as IDataObject;
	const problem = adapter.verification.problem(credentials, settings);
	if (problem !== null) {
		throw new NodeOperationError(context.getNode(), 'No way to verify incoming faxes is configured', {
			description: problem,
		});
	}
}

/** The same decision for every request: 401 and no run while nothing can verify it. */
export async function refuseUnverifiable(incoming: IncomingFaxRequest, adapter: FaxProviderAdapter) {
	const { credentialType } = adapter.verification;
	const decide = (credentials: IDataObject) => {
		const problem = adapter.verification.problem(credentials as never, incoming.settings);
		if (problem !== null) throw unauthorized(`No verification is configured: ${problem}`);
	};
	if (credentialType) await checkWithCredentials(incoming.context, credentialType, decide);
	else decide({});
}
