import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** The HTTP status of a failed request, from n8n's request helpers or a plain HTTP error. */
export function httpStatusOf(error: unknown): number | undefined {
	const candidate = error as {
		httpCode?: string | number;
		statusCode?: number;
		status?: number;
		response?: { status?: number; statusCode?: number };
		cause?: unknown;
	};
	const status =
		candidate?.httpCode ??
		candidate?.response?.status ??
		candidate?.response?.statusCode ??
		candidate?.statusCode ??
		candidate?.status;
	if (status !== undefined && Number.isFinite(Number(status))) return Number(status);
	return candidate?.cause && candidate.cause !== error ? httpStatusOf(candidate.cause) : undefined;
}

/**
 * A provider API failure as an error a person can act on: what failed and which setting to
 * check. Only the status and our own words go in: provider bodies may echo credentials.
 */
export function providerApiError(
	node: INode,
	error: unknown,
	action: string,
	hints: Partial<Record<number | 'other', string>>,
): NodeApiError {
	const status = httpStatusOf(error);
	const hint = (status !== undefined ? hints[status] : undefined) ?? hints.other ?? '';
	return new NodeApiError(node, { status } as JsonObject, {
		message: `${action} failed${status ? ` (HTTP ${status})` : ''}`,
		description: hint,
		httpCode: status ? String(status) : undefined,
	});
}
