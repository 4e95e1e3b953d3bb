import type { IDataObject } from 'n8n-workflow';

import type { FaxDelivery } from './FaxProviderAdapter';
import { toE164 } from './normalize';
import { httpStatusOf } from './providerApi';
import { receivedFileFromBuffer, type ReceivedFile } from './ReceivedFile';
import { forbidden, WebhookRejection } from './WebhookRejection';

/**
 * "Confirm with API": the fax must exist in the provider's records (404 → 403) and the numbers
 * it records must be the payload's; a provider that cannot answer now gets a 503 so it retries.
 * `recordedNumber` gives the record's number for a field, or undefined/null when it has none.
 */
export async function confirmFaxRecord(
	delivery: FaxDelivery,
	provider: { name: string; container: string },
	lookUp: () => Promise<IDataObject>,
	recordedNumber: (record: IDataObject, field: 'from' | 'to') => unknown,
): Promise<void> {
	const lookup = await lookUp().then(
		(record) => ({ record, status: 200 }),
		(error: unknown) => ({ record: undefined, status: httpStatusOf(error) }),
	);
	if (lookup.status === 404) {
		throw forbidden(`Fax ${delivery.event.faxId} is not in the ${provider.container}: not confirmed`);
	}
	if (!lookup.record) {
		throw new WebhookRejection(503, `The fax could not be confirmed with the ${provider.name} API now; retry later`);
	}
	for (const field of ['from', 'to'] as const) {
		const recorded = recordedNumber(lookup.record, field);
		if (recorded !== undefined && recorded !== null && toE164(recorded) !== delivery.event[field]) {
			throw forbidden(`The "${field}" number does not match the fax recorded by ${provider.name}: not confirmed`);
		}
	}
}

/**
 * Tries the downloads in order (providers disagree on where a document lives) and keeps the
 * first that answers, as a file named `fax.<extension>`; otherwise the last failure.
 */
export async function firstDownload(
	downloads: Array<() => Promise<Buffer | ArrayBuffer>>,
	extension: 'pdf' | 'tiff',
): Promise<{ file: ReceivedFile; failure?: undefined } | { file?: undefined; failure: unknown }> {
	let failure: unknown;
	for (const download of downloads) {
		const outcome = await download().then(
			(content) => ({ content, error: undefined }),
			(error: unknown) => ({ content: undefined, error }),
		);
		if (outcome.content !== undefined) {
			const buffer = Buffer.isBuffer(outcome.content) ? outcome.content : Buffer.from(outcome.content);
			return { file: receivedFileFromBuffer('file', `fax.${extension}`, `application/${extension}`, buffer) };
		}
		failure = outcome.error;
	}
	return { failure };
}
