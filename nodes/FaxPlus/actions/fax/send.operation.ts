import {
	NodeApiError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { outgoingDocuments } from '../../../FaxCore/actions/outgoingDocuments';
import { faxNumbersProperty, inputBinaryProperty } from '../../../FaxCore/actions/properties';
import { parseFaxNumbers, parseOptionalFaxNumber } from '../../../FaxCore/actions/recipients';
import { multipartStream } from '../../../FaxCore/multipartStream';
import { faxPlusApiRequest } from '../../faxPlusApi';
import { faxPlusApiRecord } from '../../faxPlusFax';

/** Fax.Plus takes at most 10 files per fax. */
const MAX_FILES = 10;

const properties: INodeProperties[] = [
	{
		displayName:
			'Fax.Plus has no test mode: every fax is dialled and billed. Header text is an account setting in Fax.Plus, and outcomes reach n8n through the Fax.Plus Trigger (account webhooks), not a per-fax callback URL.',
		name: 'sendNotice',
		type: 'notice',
		default: '',
	},
	faxNumbersProperty('The fax number(s) to send to, in international format; several separated by commas get one fax each'),
	inputBinaryProperty('The binary field(s) of the input item holding the document(s), PDF or TIFF (up to 10)'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'A note kept with the fax in Fax.Plus (not faxed)',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
				description: 'One of your Fax.Plus numbers; empty uses the account\'s default',
			},
			{
				displayName: 'Retry Count',
				name: 'retryCount',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 5 },
				default: 0,
				description: 'How many times Fax.Plus retries a busy or failed line',
			},
			{
				displayName: 'Retry Delay (Minutes)',
				name: 'retryDelay',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'Minutes between retries',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const to = parseFaxNumbers(node, this.getNodeParameter('to', itemIndex), 'To', itemIndex);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const from = parseOptionalFaxNumber(node, additional.from, 'From', itemIndex);
	const documents = await outgoingDocuments(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string, { pdfOrTiffOnly: true });
	if (documents.length > MAX_FILES) {
		throw new NodeApiError(node, {}, { message: `Fax.Plus sends at most ${MAX_FILES} files in one fax; "Input Binary Field" names ${documents.length}`, itemIndex });
	}

	// Two calls (https://apidoc.fax.plus/#tag/Files, #tag/Outbox): upload each file, then queue the fax.
	const files: string[] = [];
	for (const document of documents) {
		const format = document.contentType === 'image/tiff' ? 'tiff' : 'pdf';
		const { path } = await faxPlusApiRequest<{ path?: string }>(this, 'POST', '/accounts/self/files', 'Uploading the document to Fax.Plus', () => {
			const { body, headers } = multipartStream([], [{ ...document, field: 'fax_file' }]);
			return { qs: { format }, body, headers };
		});
		if (!path) throw new NodeApiError(node, {}, { message: 'Fax.Plus accepted the document but returned no file path', itemIndex });
		files.push(path);
	}
	const outbox: IDataObject = { to, files, return_ids: true };
	if (from) outbox.from = from;
	if (additional.comment) outbox.comment = { text: String(additional.comment) };
	if (additional.retryCount) outbox.options = { retry: { count: additional.retryCount, delay: additional.retryDelay ?? 10 } };
	const answer = await faxPlusApiRequest<{ ids?: Record<string, string> }>(this, 'POST', '/accounts/self/outbox', 'Sending the fax with Fax.Plus', {
		body: outbox,
	});
	// One fax per number, each with its id.
	return to.map((number) => {
		const fax = { id: answer.ids?.[number] ?? answer.ids?.[number.slice(1)] ?? '', from, to: number, status: 'queued', direction: 'outgoing' };
		return faxRecordItem(faxPlusApiRecord(fax), { ...answer, ...fax } as IDataObject);
	});
}
