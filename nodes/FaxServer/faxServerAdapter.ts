import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { decodeBase64Document } from '../FaxCore/base64Document';
import { readDocumentFromFolder } from '../FaxCore/documentFolder';
import type { FaxDelivery, FaxProviderAdapter, IncomingFaxRequest } from '../FaxCore/FaxProviderAdapter';
import { isRecord, toCount, toE164, toTextOrNull } from '../FaxCore/normalize';
import { DEFAULT_BODY_LIMITS, type WebhookBody } from '../FaxCore/readWebhookRequest';
import { receivedFileFromBuffer, type ReceivedFile } from '../FaxCore/ReceivedFile';
import { constantTimeEquals } from '../FaxCore/requestSecurity';
import { checkWithCredentials } from '../FaxCore/webhookCredentials';
import { malformed, unauthorized } from '../FaxCore/WebhookRejection';
import {
	FAX_SERVER_SIGNATURE_HEADER,
	hasValidSignature,
	isFresh,
	parseSignatureHeader,
	SIGNATURE_TOLERANCE_S,
} from './faxServerSignature';

export const SHARED_SECRET_HEADER = 'x-internal-secret';
export const MIN_SECRET_LENGTH = 16;

const MAX_DOCUMENT_BYTES = DEFAULT_BODY_LIMITS.maxFileBytes;

export interface FaxServerCredentials {
	secret: string;
	verification?: 'signature' | 'sharedSecret';
}

/** Our field names first, then the names a seed gateway (Faxbot) and Asterisk scripts send. */
const FIELD_NAMES = {
	from: ['from', 'from_number'],
	to: ['to', 'to_number'],
	pages: ['pages', 'faxpages'],
	status: ['status', 'faxstatus'],
	callId: ['callId', 'uniqueid'],
	remoteStationId: ['remoteStationId', 'remotestationid'],
	error: ['error', 'faxerror'],
} as const;

/** Asterisk's FAXSTATUS and our own words. */
const RECEPTION_STATUSES: Record<string, 'received' | 'failed'> = {
	received: 'received',
	success: 'received',
	failed: 'failed',
	failure: 'failed',
	error: 'failed',
};

export const faxServerAdapter: FaxProviderAdapter = {
	provider: 'faxserver',
	events: [
		{
			name: 'Fax Received',
			value: 'fax.received',
			description: 'The fax server received a fax; its TIFF or PDF comes with the request',
		},
		{
			name: 'Fax Reception Failed',
			value: 'fax.failed',
			description: 'The fax server answered a call but could not receive the fax (with the reason)',
		},
	],
	verification: {
		credentialType: 'faxServerApi',
		problem({ secret, verification }) {
			if (typeof secret !== 'string' || secret.trim().length < MIN_SECRET_LENGTH) {
				return `Set a Secret of at least ${MIN_SECRET_LENGTH} characters in the Fax Server credential, and the same secret in the fax server's script.`;
			}
			if (verification !== undefined && verification !== 'signature' && verification !== 'sharedSecret') {
				return 'Choose Signature or Shared Secret as the Verification of the Fax Server credential.';
			}
			return null;
		},
	},
	acceptedFormats: ['multipart', 'json'],
	keepRawBody: true,
	// Base64 makes a document a third larger in JSON.
	bodyLimits: { maxJsonBytes: Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 1024 * 1024 },

	async admit({ context, request }) {
		await checkWithCredentials<FaxServerCredentials, void>(context, 'faxServerApi', ({ secret, verification }) => {
			if (verification === 'sharedSecret') {
				const sent = request.headers[SHARED_SECRET_HEADER];
				if (typeof sent !== 'string' || !constantTimeEquals(sent, secret)) {
					throw unauthorized('Missing or wrong X-Internal-Secret header');
				}
				return;
			}
			const header = signatureHeader(request.headers[FAX_SERVER_SIGNATURE_HEADER]);
			if (!isFresh(header.timestamp)) {
				throw unauthorized(`The X-Fax-Signature time is more than ${SIGNATURE_TOLERANCE_S} s away from now: a replay, or a wrong clock`);
			}
		});
	},

	async verify({ context, request }, body) {
		await checkWithCredentials<FaxServerCredentials, void>(context, 'faxServerApi', ({ secret, verification }) => {
			if (verification === 'sharedSecret') return;
			if (!body.raw) throw unauthorized('The signature cannot be checked: n8n parsed the body before the trigger');
			const header = signatureHeader(request.headers[FAX_SERVER_SIGNATURE_HEADER]);
			if (!hasValidSignature(secret, header, body.raw)) {
				throw unauthorized('Invalid X-Fax-Signature: the secret does not match, or the body was changed');
			}
		});
	},

	parse({ settings }: IncomingFaxRequest, body: WebhookBody): FaxDelivery {
		const { fields, raw, document, tiffPath } = readReport(body);
		const statusText = (fields.status ?? 'received').toLowerCase();
		const reception = Object.hasOwn(RECEPTION_STATUSES, statusText) ? RECEPTION_STATUSES[statusText] : undefined;
		if (!reception) throw malformed(`Unknown status "${statusText.slice(0, 32)}": use received or failed`);
		if (tiffPath !== undefined && !readFromFolder(settings)) {
			throw malformed('The request names a file path; send the file itself (a "file" part, or base64 "file" in JSON), or set the trigger\'s Read From Folder option');
		}
		if (reception === 'received' && !document && tiffPath === undefined) {
			throw malformed('A received fax needs its document: send it as the "file" part, or as base64 "file" in JSON');
		}
		const from = toE164(fields.from);
		const to = toE164(fields.to);
		const identity = fields.callId ?? document?.sha256 ?? `path:${tiffPath}`;
		const faxId = fields.callId ?? createHash('sha256').update(identity).digest('hex').slice(0, 16);
		return {
			event: {
				provider: 'faxserver',
				event: reception === 'received' ? 'fax.received' : 'fax.failed',
				providerEvent: statusText,
				faxId,
				direction: 'inbound',
				status: reception === 'received' ? 'success' : 'failure',
				from,
				to,
				pages: toCount(fields.pages),
				isTest: false,
				createdAt: null,
				completedAt: new Date().toISOString(),
				cost: null,
				error:
					reception === 'failed'
						? { type: 'reception', code: null, message: toTextOrNull(fields.error) ?? 'The fax server reported a failed reception' }
						: null,
			},
			raw,
			// Without a call id, the same document between the same numbers is the same fax.
			deliveryKey: fields.callId ? ['faxserver', fields.callId, reception].join(':') : ['faxserver', identity, from, to].join(':'),
			document,
		};
	},

	async fetchDocument({ settings }, delivery) {
		const tiffPath = delivery.raw.tiff_path;
		const folder = readFromFolder(settings);
		if (typeof tiffPath !== 'string' || !folder) return { file: null };
		return { file: await readDocumentFromFolder(folder, tiffPath, MAX_DOCUMENT_BYTES) };
	},
};

function signatureHeader(value: string | string[] | undefined) {
	if (typeof value !== 'string' || value === '') throw unauthorized('Missing X-Fax-Signature header');
	const header = parseSignatureHeader(value);
	if (!header) throw unauthorized('Malformed X-Fax-Signature header: expected t=<unix seconds>,v1=<hex HMAC-SHA256>');
	return header;
}

function readFromFolder(settings: IDataObject): string | undefined {
	const folder = typeof settings.readFromFolder === 'string' ? settings.readFromFolder.trim() : '';
	return folder === '' ? undefined : folder;
}

interface FaxServerReport {
	fields: Partial<Record<keyof typeof FIELD_NAMES, string>>;
	raw: IDataObject;
	document: ReceivedFile | null;
	tiffPath?: string;
}

/** The report a fax server sends, multipart (fields and a `file` part) or JSON. */
function readReport(body: WebhookBody): FaxServerReport {
	if (body.format === 'multipart') {
		const values = new Map(body.fields.map((field) => [field.name, field.value]));
		const raw: IDataObject = Object.fromEntries(values);
		return {
			fields: pickFields((name) => values.get(name)),
			raw,
			document: body.files.find((file) => file.fieldName === 'file') ?? null,
		};
	}
	if (!isRecord(body.json)) throw malformed('Expected a JSON object with the fax\'s fields');
	const json = body.json;
	const { file, ...rest } = json;
	const raw = rest as IDataObject;
	let document: ReceivedFile | null = null;
	if (typeof file === 'string' && file !== '') {
		const content = decodeBase64Document(file, MAX_DOCUMENT_BYTES);
		document = receivedFileFromBuffer('file', 'fax', 'application/octet-stream', content);
		raw.file = `[${document.size} bytes, attached as binary data]`;
	}
	const tiffPath = typeof json.tiff_path === 'string' ? json.tiff_path : undefined;
	return { fields: pickFields((name) => scalarText(json[name])), raw, document, tiffPath };
}

function pickFields(valueOf: (name: string) => string | undefined): FaxServerReport['fields'] {
	const fields: FaxServerReport['fields'] = {};
	for (const [field, names] of Object.entries(FIELD_NAMES) as Array<[keyof typeof FIELD_NAMES, readonly string[]]>) {
		const value = names.map(valueOf).find((candidate) => candidate !== undefined && candidate !== '');
		if (value !== undefined) fields[field] = value;
	}
	return fields;
}

function scalarText(value: unknown): string | undefined {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
