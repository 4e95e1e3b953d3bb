import { createHmac } from 'crypto';

import { constantTimeEquals } from '../FaxCore/requestSecurity';

export const FAX_SERVER_SIGNATURE_HEADER = 'x-fax-signature';

/** How far a signature's time may be from now, either way: older requests are replays. */
export const SIGNATURE_TOLERANCE_S = 300;

export interface SignatureHeader {
	timestamp: number;
	/** Every `v1=` value: several while a secret is being rotated. */
	signatures: string[];
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, or null when the header is not of that form. */
export function parseSignatureHeader(header: string): SignatureHeader | null {
	let timestamp: number | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const [name, value, extra] = part.trim().split('=');
		if (value === undefined || extra !== undefined) return null;
		if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
		else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
	}
	return timestamp === undefined || signatures.length === 0 ? null : { timestamp, signatures };
}

/** Hex HMAC-SHA256 of `"<t>." + body` with the secret: what the sender puts in `v1=`. */
export function computeFaxServerSignature(secret: string, timestamp: number, body: Buffer | Buffer[]): string {
	const hmac = createHmac('sha256', secret).update(`${timestamp}.`);
	for (const chunk of Array.isArray(body) ? body : [body]) hmac.update(chunk);
	return hmac.digest('hex');
}

/** True when the time is within the tolerance of `nowS`. */
export function isFresh(timestamp: number, nowS = Math.floor(Date.now() / 1000)): boolean {
	return Math.abs(nowS - timestamp) <= SIGNATURE_TOLERANCE_S;
}

/** True when one of the header's signatures is the body's, compared in constant time. */
export function hasValidSignature(secret: string, header: SignatureHeader, body: Buffer[]): boolean {
	const expected = computeFaxServerSignature(secret, header.timestamp, body);
	let valid = false;
	for (const signature of header.signatures) valid = constantTimeEquals(signature, expected) || valid;
	return valid;
}
