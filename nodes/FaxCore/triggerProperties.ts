import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { acknowledgeSetting, RESPONSE_MODE, responseModeOf } from './acknowledgement';
import type { FaxTriggerEvent } from './FaxProviderAdapter';

/**
 * n8n parses request bodies itself unless a version-1 trigger has a truthy `options.binaryData`.
 * This hidden switch hands version 1 the untouched request; version 2 reads what n8n parsed.
 * User options therefore live in the `settings` collection.
 */
export const rawRequestSwitch: INodeProperties = {
	displayName: 'Raw Request',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
	displayOptions: { show: { '@version': [1] } },
};

/**
 * Where n8n 2.41+ looks for a webhook-description field's native resolver (`Symbol.for`, so no
 * n8n-workflow export is needed and older n8n, which ignores it, still loads the node). With one,
 * and no expression among the node's parameters, n8n computes the field without its expression
 * engine, which under lazy isolate acquisition spares an isolate per request.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/**
 * The one POST webhook of every fax trigger. n8n answers a started run when the Acknowledge
 * Delivery option says, with an empty body (`responseData: 'noData'`: n8n 1.x would otherwise
 * answer with the text "firstEntryJson"); the trigger answers refusals itself.
 */
export function faxWebhook(path: string): IWebhookDescription[] {
	const description: IWebhookDescription = { name: 'default', httpMethod: 'POST', responseMode: RESPONSE_MODE, responseData: 'noData', path };
	Object.assign(description, { [WEBHOOK_RESOLVERS]: { responseMode: { template: RESPONSE_MODE, resolve: responseModeOf } } });
	return [description];
}

/** The events a trigger starts on; "Fax Received" is chosen by default where the provider has it. */
export function eventsParameter(events: FaxTriggerEvent[]): INodeProperties {
	const received = events.find((event) => event.value === 'fax.received') ?? events[0];
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [received.value],
		options: [...events].sort((a, b) => a.name.localeCompare(b.name)),
	};
}

export const binaryPropertyNameSetting: INodeProperties = {
	displayName: 'Binary Property Name',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	description:
		'Name of the binary property the fax document is put in. Slack, Send Email, Google Drive and S3 nodes read "data" by default.',
};

export const convertTiffToPdfSetting: INodeProperties = {
	displayName: 'Convert TIFF to PDF',
	name: 'convertTiffToPdf',
	type: 'boolean',
	default: true,
	description:
		'Whether to turn a TIFF fax into a PDF, losslessly (its compressed pages are wrapped, not re-encoded). "document.originalMimeType" then says it was a TIFF; one the converter cannot read stays a TIFF, with "documentError" saying why.',
};

export const includeRawSetting: INodeProperties = {
	displayName: 'Include Raw Payload',
	name: 'includeRaw',
	type: 'boolean',
	default: true,
	description: 'Whether to add the payload as the provider sent it under "raw"',
};

/** The user-facing options collection, named `settings` because `options` is the switch above. */
export function settingsCollection(triggerSettings: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'settings',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [acknowledgeSetting, binaryPropertyNameSetting, convertTiffToPdfSetting, includeRawSetting, ...triggerSettings].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}
