import { computeFaxServerSignature, FAX_SERVER_SIGNATURE_HEADER } from '../FaxServer/faxServerSignature';
import { multipartBody } from './multipartBody';
import { samplePdf } from './samplePdf';

export interface FaxServerWebhookOptions {
	secret: string;
	verification?: 'signature' | 'sharedSecret';
	status?: 'received' | 'failed';
	encoding?: 'multipart' | 'json';
	/** The fax as the server stored it (a TIFF, or a PDF); default: a generated one-page PDF. */
	document?: Buffer | null;
	callId?: string;
	from?: string;
	to?: string;
	pages?: number;
	/** Unix seconds the request is signed at (default: now). */
	timestamp?: number;
}

/** What a fax server's hook script sends: the fax's fields and document, signed with the secret. */
export function faxServerWebhook(options: FaxServerWebhookOptions): { body: Buffer; headers: Record<string, string> } {
	const document = options.document === undefined ? samplePdf('Fax from the fax server') : options.document;
	const fields = {
		from: options.from ?? '+15551230001',
		to: options.to ?? '+15559870002',
		pages: String(options.pages ?? 1),
		status: options.status ?? 'received',
		callId: options.callId ?? `${Math.floor(Date.now() / 1000)}.${Math.floor(Math.random() * 1e6)}`,
		remoteStationId: '+1 555 123 0001',
		...(options.status === 'failed' ? { error: 'T.30 phase B: no response from the remote fax' } : {}),
	};
	let body: Buffer;
	let contentType: string;
	if (options.encoding === 'json') {
		body = Buffer.from(JSON.stringify({ ...fields, ...(document ? { file: document.toString('base64') } : {}) }));
		contentType = 'application/json';
	} else {
		const isTiff = document?.subarray(0, 2).toString('latin1') === 'II' || document?.subarray(0, 2).toString('latin1') === 'MM';
		const encoded = multipartBody(
			Object.entries(fields).map(([name, value]) => ({ name, value })),
			document
				? [{ name: 'file', fileName: isTiff ? 'fax.tiff' : 'fax.pdf', contentType: isTiff ? 'image/tiff' : 'application/pdf', content: document }]
				: [],
		);
		body = encoded.body;
		contentType = encoded.contentType;
	}
	const headers: Record<string, string> = { 'content-type': contentType };
	if (options.verification === 'sharedSecret') {
		headers['x-internal-secret'] = options.secret;
	} else {
		const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
		headers[FAX_SERVER_SIGNATURE_HEADER] = `t=${timestamp},v1=${computeFaxServerSignature(options.secret, timestamp, body)}`;
	}
	return { body, headers };
}
