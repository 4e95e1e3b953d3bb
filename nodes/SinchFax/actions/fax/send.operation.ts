import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { outgoingDocuments, binaryPropertyNames } from '../../../FaxCore/actions/outgoingDocuments';
import { callbackUrlField, faxNumbersProperty, headerTextField, inputBinaryProperty } from '../../../FaxCore/actions/properties';
import { parseFaxNumbers, parseOptionalFaxNumber } from '../../../FaxCore/actions/recipients';
import { checkedHeaderText, checkedUrl } from '../../../FaxCore/actions/sendOptions';
import { multipartStream, type MultipartField } from '../../../FaxCore/multipartStream';
import { sinchApiRequest } from '../../sinchApi';
import { sinchFaxRecord, type SinchFax } from '../../sinchFax';

const properties: INodeProperties[] = [
	{
		displayName: 'To test without charge, send to +19898989898: Sinch emulates the fax (and its callback) without dialling.',
		name: 'testNotice',
		type: 'notice',
		default: '',
	},
	faxNumbersProperty('The fax number(s) to send to, in international format; several separated by commas get one fax each. +19898989898 is Sinch\'s free test number.'),
	inputBinaryProperty('The binary field(s) of the input item holding the document(s): PDF, TIFF, DOCX, JPG, PNG, TXT or HTML. Leave empty to send only a Content URL.', false),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callbackUrlField,
			{
				displayName: 'Callback Content Type',
				name: 'callbackUrlContentType',
				type: 'options',
				default: 'application/json',
				options: [
					{ name: 'JSON', value: 'application/json' },
					{ name: 'Multipart Form Data', value: 'multipart/form-data' },
				],
				description: 'How Sinch posts to the Callback URL; the Sinch Fax Trigger reads both',
			},
			{
				displayName: 'Content URL',
				name: 'contentUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/invoice.pdf',
				description: 'A document Sinch fetches and faxes',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
				description: 'A number of your Sinch project to send from; empty uses the service\'s default',
			},
			headerTextField,
			{
				displayName: 'Service ID',
				name: 'serviceId',
				type: 'string',
				default: '',
				description: 'The fax service to send with (Service → Get Many lists them); empty uses the project\'s default service',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const to = parseFaxNumbers(node, this.getNodeParameter('to', itemIndex), 'To', itemIndex);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const contentUrl = checkedUrl(node, additional.contentUrl, 'Content URL', itemIndex);
	const binaryParameter = this.getNodeParameter('binaryPropertyName', itemIndex, '') as string;
	const documents =
		contentUrl && binaryPropertyNames(binaryParameter).length === 0
			? []
			: await outgoingDocuments(this, itemIndex, binaryParameter, { pdfOrTiffOnly: false });

	// https://developers.sinch.com/docs/fax/api-reference/fax/faxes/sendfax: multipart, repeated `to`, `file` parts.
	const fields: MultipartField[] = to.map((number) => ({ field: 'to', value: number }));
	const from = parseOptionalFaxNumber(node, additional.from, 'From', itemIndex);
	if (from) fields.push({ field: 'from', value: from });
	const headerText = checkedHeaderText(node, additional.headerText, itemIndex);
	if (headerText) fields.push({ field: 'headerText', value: headerText });
	const callbackUrl = checkedUrl(node, additional.callbackUrl, 'Callback URL', itemIndex);
	if (callbackUrl) {
		fields.push({ field: 'callbackUrl', value: callbackUrl });
		if (additional.callbackUrlContentType) fields.push({ field: 'callbackUrlContentType', value: String(additional.callbackUrlContentType) });
	}
	if (contentUrl) fields.push({ field: 'contentUrl', value: contentUrl });
	const serviceId = String(additional.serviceId ?? '').trim();
	if (serviceId) fields.push({ field: 'serviceId', value: serviceId });

	const answer = await sinchApiRequest<SinchFax | SinchFax[]>(this, 'POST', '/faxes', 'Sending the fax with Sinch', () => {
		const { body, headers } = multipartStream(
			fields,
			documents.map((document) => ({ ...document, field: 'file' })),
		);
		return { body, headers };
	});
	// One fax per number: Sinch answers an array when it was given several.
	return (Array.isArray(answer) ? answer : [answer]).map((fax) => faxRecordItem(sinchFaxRecord(fax), fax as IDataObject));
}
