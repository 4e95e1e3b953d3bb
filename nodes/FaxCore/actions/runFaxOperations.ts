import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

/** One operation on one input item: the items it produces (several for a fax to several numbers). */
export type FaxOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

export type FaxOperations = Record<string, Record<string, FaxOperation>>;

/**
 * Runs the chosen resource/operation for every input item, pairing each output with its input.
 * With "Continue On Fail" a failed input gives one error item and the others still run.
 */
export async function runFaxOperations(context: IExecuteFunctions, operations: FaxOperations): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const items = context.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = context.getNodeParameter('resource', itemIndex) as string;
		const operation = context.getNodeParameter('operation', itemIndex) as string;
		const execute = operations[resource]?.[operation];
		try {
			if (!execute) {
				throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not supported on "${resource}"`, { itemIndex });
			}
			const results = await execute.call(context, itemIndex);
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!context.continueOnFail()) {
				if (error instanceof NodeApiError || error instanceof NodeOperationError) {
					error.context.itemIndex = itemIndex;
					// Already a NodeApiError or NodeOperationError: it keeps its message and description.
					// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
					throw error;
				}
				throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			}
			const { message, description } = error as { message?: string; description?: string };
			output.push({ json: { error: message ?? String(error), ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
