import type { INodeProperties } from 'n8n-workflow';

/** Parameters several fax operations share, so every provider's node spells them the same. */

export function faxNumbersProperty(description: string): INodeProperties {
	return {
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567, +15557654321',
		description,
	};
}

/** `required` is false where a provider can fax a URL instead (Phaxio, Sinch). */
export function inputBinaryProperty(description: string, required = true): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required,
		default: 'data',
		hint: 'The name of the input binary field holding the document; several separated by commas are sent as one fax',
		description,
	};
}

export const outputBinaryProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the fax document in',
	description: 'The document is checked by its bytes and named fax-{faxId}.pdf (or .tiff)',
};

export function faxIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Fax ID',
		name: 'faxId',
		type: 'string',
		required: true,
		default: '',
		description,
	};
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const directionFilter: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'options',
	default: 'any',
	options: [
		{ name: 'Any', value: 'any' },
		{ name: 'Inbound (Received)', value: 'inbound' },
		{ name: 'Outbound (Sent)', value: 'outbound' },
	],
};

export const createdAfterFilter: INodeProperties = {
	displayName: 'Created After',
	name: 'createdAfter',
	type: 'dateTime',
	default: '',
	description: 'Only faxes created at or after this time',
};

export const createdBeforeFilter: INodeProperties = {
	displayName: 'Created Before',
	name: 'createdBefore',
	type: 'dateTime',
	default: '',
	description: 'Only faxes created before this time',
};

export const headerTextField: INodeProperties = {
	displayName: 'Header Text',
	name: 'headerText',
	type: 'string',
	default: '',
	description: 'Text printed at the top of each page (at most 50 characters)',
};

export const callbackUrlField: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'https://n8n.example.com/webhook/…',
	description: 'Where the provider reports the outcome of this fax, e.g. the Production URL of this package\'s trigger for the provider',
};
