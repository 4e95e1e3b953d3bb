import type { IDataObject } from 'n8n-workflow';

import { isRecord } from './normalize';
import type { WebhookBody } from './readWebhookRequest';
import { malformed } from './WebhookRejection';

export interface FaxFormFields {
	/** The form fields by name (the last value of a repeated name). */
	fields: Map<string, string>;
	/** The provider's fax object, parsed from the `fax` field. */
	fax: Record<string, unknown>;
	/** Every field as sent, with `fax` as the parsed object: the item's `raw`. */
	raw: IDataObject;
}

/** A multipart webhook whose `fax` field carries the fax object as JSON text (Phaxio, Sinch). */
export function readFaxFormFields(body: WebhookBody): FaxFormFields {
	const fields = new Map(body.fields.map((field) => [field.name, field.value]));
	const text = fields.get('fax');
	if (text === undefined) throw malformed('Missing form field "fax"');
	let fax: unknown;
	try {
		fax = JSON.parse(text);
	} catch {
		throw malformed('The "fax" field is not valid JSON');
	}
	if (!isRecord(fax)) throw malformed('The "fax" field is not a JSON object');
	const raw: IDataObject = {};
	for (const { name, value } of body.fields) raw[name] = name === 'fax' ? (fax as IDataObject) : value;
	return { fields, fax, raw };
}
