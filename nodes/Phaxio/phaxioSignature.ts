import { createHmac } from 'crypto';

import { constantTimeEquals } from '../FaxCore/requestSecurity';

export const PHAXIO_SIGNATURE_HEADER = 'x-phaxio-signature';

export interface SignedField {
	name: string;
	value: string;
}

export interface SignedFile {
	fieldName: string;
	/** Lowercase hex SHA-1 of the file's bytes. */
	sha1: string;
}

/**
 * The string Phaxio signs: the URL it was given, then every field as name + value sorted by name,
 * then every file part as part name + SHA-1 of its bytes sorted by part name. Sorting is stable,
 * so repeated names keep their wire order.
 */
export function phaxioSignedString(url: string, fields: SignedField[], files: SignedFile[]): string {
	const byName = <T>(name: (entry: T) => string) => (a: T, b: T) =>
		name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
	const sortedFields = [...fields].sort(byName((field: SignedField) => field.name));
	const sortedFiles = [...files].sort(byName((file: SignedFile) => file.fieldName));
	return (
		url +
		sortedFields.map((field) => field.name + field.value).join('') +
		sortedFiles.map((file) => file.fieldName + file.sha1).join('')
	);
}

export function computePhaxioSignature(
	webhookToken: string,
	url: string,
	fields: SignedField[],
	files: SignedFile[],
): string {
	return createHmac('sha1', webhookToken).update(phaxioSignedString(url, fields, files)).digest('hex');
}

/**
 * Checks `X-Phaxio-Signature` against each URL Phaxio may have signed. Prevents forged and
 * tampered deliveries: any change to the URL, a field or a file's bytes changes the HMAC.
 * Never throws; a missing token or signature is a failure.
 */
export function verifyPhaxioSignature(options: {
	webhookToken: string;
	signature: string | undefined;
	urls: string[];
	fields: SignedField[];
	files: SignedFile[];
}): boolean {
	const { webhookToken, signature, urls, fields, files } = options;
	if (!webhookToken || !signature) return false;
	const actual = signature.trim().toLowerCase();
	return urls.some((url) =>
		constantTimeEquals(actual, computePhaxioSignature(webhookToken, url, fields, files)),
	);
}
