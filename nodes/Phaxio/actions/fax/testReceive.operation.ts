import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { faxRecordItem } from '../../../FaxCore/actions/faxItems';
import { outgoingDocuments } from '../../../FaxCore/actions/outgoingDocuments';
import { inputBinaryProperty } from '../../../FaxCore/actions/properties';
import { parseFaxNumbers, parseOptionalFaxNumber } from '../../../FaxCore/actions/recipients';
import { multipartStream } from '../../../FaxCore/multipartStream';
import { phaxioApiRequest, phaxioFaxJustCreated, type PhaxioAnswer } from '../../phaxioApi';
import { phaxioFaxRecord } from '../../phaxioFax';

const properties: INodeProperties[] = [
	{
		displayName:
			'Needs the test API key and secret: Phaxio simulates a fax received on your number and calls your Fax Received webhook (the Phaxio Trigger) with it. Nothing is dialled.',
		name: 'testReceiveNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description: 'Your Phaxio number that "receives" the fax',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: '+15557654321',
		description: 'The number the simulated fax comes from',
	},
	inputBinaryProperty('The binary field holding the PDF that is "received"'),
];

export const description = updateDisplayOptions({ show: { resource: ['fax'], operation: ['testReceive'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const [to] = parseFaxNumbers(node, this.getNodeParameter('to', itemIndex), 'To', itemIndex);
	const from = parseOptionalFaxNumber(node, this.getNodeParameter('from', itemIndex, ''), 'From', itemIndex);
	const [document] = await outgoingDocuments(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string, {
		pdfOrTiffOnly: true,
	});
	// https://www.phaxio.com/docs/api/v2.1/faxes/test_receive: `direction=received`, one `file`.
	const answer = await phaxioApiRequest<PhaxioAnswer<{ id?: number | string }>>(this, 'POST', '/faxes', 'Simulating a received fax with Phaxio', () => {
		const fields = [
			{ field: 'direction', value: 'received' },
			{ field: 'to_number', value: to },
			...(from ? [{ field: 'from_number', value: from }] : []),
		];
		const { body, headers } = multipartStream(fields, [{ ...document, field: 'file' }]);
		return { body, headers };
	});
	const faxId = String(answer.data?.id ?? '');
	const fax = await phaxioFaxJustCreated(this, faxId, { id: faxId, direction: 'received', status: 'success', to_number: to, from_number: from || undefined });
	return [faxRecordItem(phaxioFaxRecord(fax, { fallbackStatus: 'success' }), fax)];
}
