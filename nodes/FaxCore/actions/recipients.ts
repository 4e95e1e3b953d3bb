import { NodeOperationError, type INode } from 'n8n-workflow';

import { toE164 } from '../normalize';

const DIALLABLE = /^\+?[\d\s().\-/]+$/;

/**
 * The fax numbers of a "To" parameter: one or several separated by commas (or semicolons or
 * line breaks), each turned into E.164. Refuses, before any call, an empty list and a number
 * with letters or without its country code, naming the parameter.
 */
export function parseFaxNumbers(node: INode, value: unknown, parameter: string, itemIndex: number): string[] {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
	const entries = text
		.split(/[,;\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	if (entries.length === 0) {
		throw new NodeOperationError(node, `The "${parameter}" parameter has no fax number`, {
			itemIndex,
			description: 'Enter at least one number in international format, e.g. +15551234567; separate several with commas.',
		});
	}
	return entries.map((entry) => {
		const number = DIALLABLE.test(entry) ? toE164(entry) : '';
		if (!number.startsWith('+')) {
			throw new NodeOperationError(node, `"${entry.slice(0, 40)}" in the "${parameter}" parameter is not a fax number`, {
				itemIndex,
				description: 'Use digits in international format with the country code, e.g. +15551234567 (spaces, dashes and brackets are fine, letters are not).',
			});
		}
		return number;
	});
}

/** One optional number (a sender): empty stays empty, anything else must be a fax number. */
export function parseOptionalFaxNumber(node: INode, value: unknown, parameter: string, itemIndex: number): string {
	if (value === undefined || value === null || String(value).trim() === '') return '';
	const numbers = parseFaxNumbers(node, value, parameter, itemIndex);
	if (numbers.length > 1) {
		throw new NodeOperationError(node, `The "${parameter}" parameter takes one number`, { itemIndex });
	}
	return numbers[0];
}
