import { isAscii } from 'buffer';
import { randomBytes } from 'crypto';

/** Strings at least this long are kept out of JSON.parse: documents in base64, in practice. */
const LONG_STRING_BYTES = 64 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * JSON.parse over raw bytes, without turning a long string value (a document in base64, tens of
 * megabytes) into UTF-8 text and scanning it twice. Each string of LONG_STRING_BYTES or more that
 * is plain ASCII without escapes is cut out and read in one copy (latin1 is byte for byte);
 * JSON.parse sees a placeholder in its place, and its result gets the string back. The rest of
 * the body, and any long string with escapes or non-ASCII text, is parsed as usual, so the result
 * is what JSON.parse gives, except that a raw line break inside a long ASCII string, which strict
 * JSON forbids, is kept instead of refused. Throws a SyntaxError for malformed JSON.
 */
export function parseJsonBody(raw: Buffer): unknown {
	if (raw.length < LONG_STRING_BYTES) return JSON.parse(raw.toString('utf8'));
	const longStrings: string[] = [];
	const skeleton: Buffer[] = [];
	// A placeholder no sender can predict, so none can be smuggled in as a value.
	const marker = `\\u0000${randomBytes(9).toString('base64url')}:`;
	let copiedUpTo = 0;
	let position = raw.indexOf(QUOTE);
	while (position >= 0) {
		const close = closingQuote(raw, position);
		if (close < 0) break;
		const content = raw.subarray(position + 1, close);
		const longValue =
			content.length >= LONG_STRING_BYTES && content.indexOf(BACKSLASH) < 0 && isAscii(content) && !isObjectKey(raw, close);
		if (longValue) {
			skeleton.push(raw.subarray(copiedUpTo, position + 1), Buffer.from(`${marker}${longStrings.length}`));
			longStrings.push(content.toString('latin1'));
			copiedUpTo = close;
		}
		position = raw.indexOf(QUOTE, close + 1);
	}
	if (longStrings.length === 0) return JSON.parse(raw.toString('utf8'));
	skeleton.push(raw.subarray(copiedUpTo));
	const placeholder = JSON.parse(`"${marker}"`) as string;
	return JSON.parse(Buffer.concat(skeleton).toString('utf8'), (_key, value: unknown) =>
		typeof value === 'string' && value.startsWith(placeholder) ? longStrings[Number(value.slice(placeholder.length))] : value,
	);
}

/** True when the string closed at `close` is followed by a colon: an object's key, not a value. */
function isObjectKey(raw: Buffer, close: number): boolean {
	let next = close + 1;
	while (next < raw.length && (raw[next] === 0x20 || raw[next] === 0x0a || raw[next] === 0x0d || raw[next] === 0x09)) next++;
	return raw[next] === 0x3a;
}

/** The quote that ends the string opened at `open` (one not escaped by a backslash), or -1. */
function closingQuote(raw: Buffer, open: number): number {
	let candidate = raw.indexOf(QUOTE, open + 1);
	while (candidate >= 0) {
		let backslashes = 0;
		while (raw[candidate - 1 - backslashes] === BACKSLASH) backslashes++;
		if (backslashes % 2 === 0) return candidate;
		candidate = raw.indexOf(QUOTE, candidate + 1);
	}
	return -1;
}
