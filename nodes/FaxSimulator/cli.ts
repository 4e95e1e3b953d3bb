#!/usr/bin/env node
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { parseArgs } from 'util';

import { faxPlusWebhookBody, type FaxPlusSimulatedEvent } from './faxPlusWebhook';
import { faxServerWebhook } from './faxServerWebhook';
import { phaxioWebhook, type PhaxioSimulatedEvent } from './phaxioWebhook';
import { describeOutcome } from './runOutcome';
import { samplePdf } from './samplePdf';
import { registerSandboxFax } from './sandboxRegistration';
import { sinchWebhook, type SinchSimulatedEvent } from './sinchWebhook';

const USAGE = `Sends a realistic fax webhook to a trigger's URL, the way the provider would.

  n8n-nodes-fax-simulate <provider> <event> --url <webhook URL> [options]

  phaxio  fax.received | fax.sent | fax.page_sent | fax.retry_scheduled
          --token <webhook token>       signs X-Phaxio-Signature (required)
  faxplus fax.received | fax.sent | fax.page_received
          (the trigger downloads the document from Fax.Plus: the account must have the fax,
          which only a fax sent to it or npm start's sandbox (--sandbox) gives)
  sinch   fax.received | fax.sent
          --user <name> --password <password>   the credential's webhook pair
          --json (default) | --multipart
  faxserver fax.received | fax.failed
          --secret <secret>             the Fax Server credential's secret (required)
          --shared-secret               send X-Internal-Secret instead of a signature
          --json | --multipart (default); --call-id <id> (default: random)

  --file <fax.pdf>   the document to send (default: a generated one-page PDF)
  --fax-id <id>      the provider's fax id (default: random; repeat it to test duplicates)
  --from, --to       phone numbers
  --sandbox <URL>    npm start's sandbox: tell its stand-in Fax.Plus and Sinch APIs about the
                     fax first, so that the trigger finds it there (npm start prints the URL)

Outside this repository, run it as: npx -p n8n-nodes-fax n8n-nodes-fax-simulate …

Examples:
  n8n-nodes-fax-simulate phaxio fax.received --url http://127.0.0.1:5678/webhook-test/<id>/phaxio --token <token>
  n8n-nodes-fax-simulate sinch fax.received --url http://127.0.0.1:5678/webhook/<id>/sinch --user u --password p --multipart`;

const EVENTS: Record<string, string[]> = {
	phaxio: ['fax.received', 'fax.sent', 'fax.page_sent', 'fax.retry_scheduled'],
	faxplus: ['fax.received', 'fax.sent', 'fax.page_received'],
	sinch: ['fax.received', 'fax.sent'],
	faxserver: ['fax.received', 'fax.failed'],
};

/** The numbers every simulated webhook carries unless --from and --to say otherwise. */
const DEFAULT_FROM = '+15551230001';
const DEFAULT_TO = '+15559870002';

interface SimulatorRequest {
	body: Buffer | string;
	headers: Record<string, string>;
}

function buildRequest(
	provider: string,
	event: string,
	values: Record<string, string | boolean | undefined>,
	url: string,
	document: Buffer | undefined,
): SimulatorRequest {
	const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
	switch (provider) {
		case 'phaxio': {
			const webhookToken = text('token');
			if (!webhookToken) throw new Error('phaxio needs --token: the webhook token from the Phaxio console (and the credential)');
			const faxId = text('fax-id');
			return phaxioWebhook({
				url,
				webhookToken,
				event: event as PhaxioSimulatedEvent,
				document,
				faxId: faxId === undefined ? undefined : Number(faxId),
				from: text('from'),
				to: text('to'),
			});
		}
		case 'faxplus':
			return {
				body: JSON.stringify(
					faxPlusWebhookBody({ url, event: event as FaxPlusSimulatedEvent, faxId: text('fax-id'), from: text('from'), to: text('to') }),
				),
				headers: { 'content-type': 'application/json' },
			};
		case 'faxserver': {
			const secret = text('secret');
			if (!secret) throw new Error('faxserver needs --secret: the secret of the Fax Server credential');
			return faxServerWebhook({
				secret,
				verification: values['shared-secret'] ? 'sharedSecret' : 'signature',
				status: event === 'fax.failed' ? 'failed' : 'received',
				encoding: values.json ? 'json' : 'multipart',
				document: event === 'fax.failed' ? null : document,
				callId: text('call-id') ?? text('fax-id'),
				from: text('from'),
				to: text('to'),
			});
		}
		default:
			return sinchWebhook({
				event: event as SinchSimulatedEvent,
				encoding: values.multipart ? 'multipart' : 'json',
				document,
				faxId: text('fax-id'),
				from: text('from'),
				to: text('to'),
				username: text('user'),
				password: text('password'),
			});
	}
}

async function main(): Promise<number> {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			url: { type: 'string' },
			token: { type: 'string' },
			secret: { type: 'string' },
			'shared-secret': { type: 'boolean' },
			'call-id': { type: 'string' },
			user: { type: 'string' },
			password: { type: 'string' },
			file: { type: 'string' },
			'fax-id': { type: 'string' },
			from: { type: 'string' },
			to: { type: 'string' },
			json: { type: 'boolean' },
			multipart: { type: 'boolean' },
			sandbox: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	const [provider, event] = positionals;
	if (values.help || !provider) {
		process.stdout.write(`${USAGE}\n`);
		return values.help ? 0 : 2;
	}
	if (!EVENTS[provider]) throw new Error(`Unknown provider "${provider}": use phaxio, faxplus, sinch or faxserver`);
	if (!EVENTS[provider].includes(event)) {
		throw new Error(`Unknown ${provider} event "${event ?? ''}": use ${EVENTS[provider].join(', ')}`);
	}
	if (!values.url) throw new Error('--url is required: the trigger\'s webhook URL (Test or Production URL in n8n)');
	let document: Buffer | undefined = typeof values.file === 'string' ? readFileSync(values.file) : undefined;
	if (values.sandbox && (provider === 'faxplus' || provider === 'sinch')) {
		// The stand-in API must know the fax under the ids and numbers the webhook will carry.
		const faxId = values['fax-id'] ?? (provider === 'faxplus' ? `fax${randomBytes(6).toString('hex')}` : `01${randomBytes(8).toString('hex').toUpperCase()}`);
		const from = values.from ?? DEFAULT_FROM;
		const to = values.to ?? DEFAULT_TO;
		const sandboxDocument = document ?? samplePdf();
		Object.assign(values, { 'fax-id': faxId, from, to });
		document = sandboxDocument;
		await registerSandboxFax(values.sandbox, {
			provider,
			faxId,
			from,
			to,
			fileIds: provider === 'faxplus' ? [faxId, `${faxId}.tiff`] : [faxId],
			document: sandboxDocument,
		});
	}
	const request = buildRequest(provider, event, values, values.url, document);
	let response: Response;
	try {
		response = await fetch(values.url, { method: 'POST', body: request.body, headers: request.headers });
	} catch (error) {
		// A command-line tool, not a node: there is no node to attach a NodeApiError to.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw new Error(`${values.url} cannot be reached (${(error as Error).message}): is n8n running, and is this the trigger's URL?`);
	}
	const body = await response.text();
	process.stdout.write(`${response.status} ${response.statusText}\n${body ? `${body}\n` : ''}${describeOutcome(response.status, body)}\n`);
	return response.ok ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(2);
	},
);
