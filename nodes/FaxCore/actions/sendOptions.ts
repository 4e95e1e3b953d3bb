import { NodeOperationError, type INode } from 'n8n-workflow';

const MAX_HEADER_TEXT = 50;

/** The header text, refused when longer than providers print (50 characters). */
export function checkedHeaderText(node: INode, value: unknown, itemIndex: number): string {
	const text = typeof value === 'string' ? value : '';
	if (text.length > MAX_HEADER_TEXT) {
		throw new NodeOperationError(node, `"Header Text" is ${text.length} characters long; at most ${MAX_HEADER_TEXT} are printed`, {
			itemIndex,
			description: 'Shorten the header text.',
		});
	}
	return text;
}

/** An http(s) URL given as a parameter, or '' when empty. */
export function checkedUrl(node: INode, value: unknown, parameter: string, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		throw new NodeOperationError(node, `"${parameter}" is not an http(s) URL`, {
			itemIndex,
			description: 'Enter a full URL starting with https://.',
		});
	}
	return text;
}

/** A date-time parameter as ISO-8601 UTC, '' when empty. */
export function checkedDateTime(node: INode, value: unknown, parameter: string, itemIndex: number): string {
	if (value === undefined || value === null || value === '') return '';
	const date = new Date(String(value));
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(node, `"${parameter}" is not a date and time`, { itemIndex, description: 'Use an ISO date such as 2026-01-31T08:00:00Z.' });
	}
	return date.toISOString().replace(/\.000Z$/, 'Z');
}
