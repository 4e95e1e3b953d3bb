import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { outgoingDocuments, binaryPropertyNames } from '../../../FaxCore/actions/outgoingDocuments';
import {
	callbackUrlField,
	faxNumbersProperty,
	headerTextField,
	inputBinaryProperty,
} from '../../../FaxCore/actions/properties';
import { parseFaxNumbers, parseOptionalFaxNumber } from '../../../FaxCore/actions/recipients';
import { checkedHeaderText, checkedUrl } from '../../../FaxCore/actions/sendOptions';
import { multipartStream, type MultipartField } from '../../../FaxCore/multipartStream';
import { phaxioApiRequest, phaxioFaxJustCreated, type PhaxioAnswer } from '../../phaxioApi';
import { phaxioRecipientRecords } from '../../phaxioFax';

const properties: INodeProperties[] = [
	{
		displayName:
			'With the test API key and secret of the Phaxio console, faxes are simulated: nothing is dialled and nothing is billed.',
		name: 'testNotice',
		type: 'notice',
		default: '',
	},
	faxNumbersProperty('The fax number(s) to send to, in international format; several separated by commas receive the same fax'),
	inputBinaryProperty('The binary field(s) of the input item holding the document(s): PDF, TIFF, Word, images, text… Phaxio converts them. Leave empty to send only Content URLs.', false),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callbackUrlField,
			{
				displayName: 'Cancel Timeout (Minutes)',
				name: 'cancelTimeout',
				type: 'number',
				typeOptions: { minValue: 3, maxValue: 60 },
				default: 60,
				description: 'Phaxio cancels the fax if it is not sent within this many minutes (3–60)',
			},
			{
				displayName: 'Content URL',
				name: 'contentUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/invoice.html',
				description: 'Web page(s) or file(s) Phaxio fetches and faxes before the documents; several separated by commas',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
				description: 'Caller ID: a Phaxio number of your account; empty uses a Phaxio number',
			},
			headerTextField,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const to = parseFaxNumbers(node, this.getNodeParameter('to', itemIndex), 'To', itemIndex);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const contentUrls = String(additional.contentUrl ?? '')
		.split(',')
		.map((url) => checkedUrl(node, url, 'Content URL', itemIndex))
		.filter((url) => url !== '');
	const binaryParameter = this.getNodeParameter('binaryPropertyName', itemIndex, '') as string;
	const documents =
		contentUrls.length > 0 && binaryPropertyNames(binaryParameter).length === 0
			? []
			: await outgoingDocuments(this, itemIndex, binaryParameter, { pdfOrTiffOnly: false });

	const fields: MultipartField[] = [
		...to.map((number) => ({ field: 'to[]', value: number })),
		...contentUrls.map((url) => ({ field: 'content_url[]', value: url })),
	];
	const from = parseOptionalFaxNumber(node, additional.from, 'From', itemIndex);
	if (from) fields.push({ field: 'caller_id', value: from });
	const headerText = checkedHeaderText(node, additional.headerText, itemIndex);
	if (headerText) fields.push({ field: 'header_text', value: headerText });
	const callbackUrl = checkedUrl(node, additional.callbackUrl, 'Callback URL', itemIndex);
	if (callbackUrl) fields.push({ field: 'callback_url', value: callbackUrl });
	if (additional.cancelTimeout !== undefined) fields.push({ field: 'cancel_timeout', value: String(additional.cancelTimeout) });

	// https://www.phaxio.com/docs/api/v2.1/faxes/create_and_send_fax: multipart, `to[]`, `file[]`.
	const answer = await phaxioApiRequest<PhaxioAnswer<{ id?: number | string }>>(this, 'POST', '/faxes', 'Sending the fax with Phaxio', () => {
		const { body, headers } = multipartStream(
			fields,
			documents.map((document) => ({ ...document, field: 'file[]' })),
		);
		return { body, headers };
	});
	const faxId = String(answer.data?.id ?? '');
	const fax = await phaxioFaxJustCreated(this, faxId, {
		id: faxId,
		direction: 'sent',
		status: 'queued',
		caller_id: from || undefined,
		recipients: to.map((number) => ({ phone_number: number, status: 'queued' })),
	});
	return phaxioRecipientRecords(fax).map((record) => faxRecordItem(record, fax));
}
