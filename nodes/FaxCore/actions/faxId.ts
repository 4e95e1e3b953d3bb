import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** The "Fax ID" parameter, refused when empty before any call. */
export function requiredFaxId(context: IExecuteFunctions, itemIndex: number): string {
	const faxId = String(context.getNodeParameter('faxId', itemIndex, '') ?? '').trim();
	if (faxId === '') {
		throw new NodeOperationError(context.getNode(), 'The "Fax ID" parameter is empty', {
			itemIndex,
			description: 'Map the faxId of an earlier fax node or of the fax trigger, e.g. {{ $json.faxId }}.',
		});
	}
	return faxId;
}
