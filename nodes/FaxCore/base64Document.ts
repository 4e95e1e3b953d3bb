import { malformed, tooLarge } from './WebhookRejection';

/**
 * The bytes of a document sent as base64 text inside JSON, within `maxBytes`. Line-wrapped
 * base64 is read without its line breaks; anything else outside the alphabet is refused (400).
 */
export function decodeBase64Document(text: string, maxBytes: number): Buffer {
	const content =
		decodeBase64(text, maxBytes) ?? (/\s/.test(text) ? decodeBase64(text.replace(/\s+/g, ''), maxBytes) : undefined);
	if (!content) throw malformed('The "file" field is not valid base64');
	return content;
}

/** The bytes of canonical base64, or undefined when it is not. */
function decodeBase64(text: string, maxBytes: number): Buffer | undefined {
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	if (padding > 0 ? text.length % 4 !== 0 : text.length % 4 === 1) return undefined;
	const promisedBytes = padding > 0 ? (text.length / 4) * 3 - padding : Math.floor((text.length * 3) / 4);
	if (promisedBytes > maxBytes) {
		// Line breaks count in the length, not in the document: the caller tries again without them.
		if (/\s/.test(text)) return undefined;
		throw tooLarge(`The document is larger than ${maxBytes} bytes`);
	}
	// Node's decoder skips or stops at any character outside the alphabet (it takes the URL-safe
	// one too), which leaves fewer bytes than the length promises: as strict as a pattern over
	// the text, at a tenth of the cost.
	const decoded = Buffer.from(text, 'base64');
	return decoded.length === promisedBytes ? decoded : undefined;
}
