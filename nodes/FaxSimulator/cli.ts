#!/usr/bin/env node
import { readFileSync } from 'fs';
import { parseArgs } from 'util';

import { faxPlusWebhookBody, type FaxPlusSimulatedEvent } from './faxPlusWebhook';
import { faxServerWebhook } from './faxServerWebhook';
import { phaxioWebhook, type PhaxioSimulatedEvent } from './phaxioWebhook';
import { sinchWebhook, type SinchSimulatedEvent } from './sinchWebhook';

const USAGE = `Sends a realistic fax webhook to a trigger's URL, the way the provider would.

  n8n-nodes-fax-simulate <provider> <event> --url <webhook URL> [options]

  phaxio  fax.received | fax.sent | fax.page_sent | fax.retry_scheduled
          --token <webhook token>       signs X-Phaxio-Signature (required)
  faxplus fax.received | fax.sent | fax.page_received
          (the trigger downloads the document from Fax.Plus: use a real or test API)
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

Examples:
  n8n-nodes-fax-simulate phaxio fax.received --url http://127.0.0.1:5678/webhook-test/<id>/phaxio --token <token>
  n8n-nodes-fax-simulate sinch fax.received --url http://127.0.0.1:5678/webhook/<id>/sinch --user u --password p --multipart`;

const EVENTS: Record<string, string[]> = {
	phaxio: ['fax.received', 'fax.sent', 'fax.page_sent', 'fax.retry_scheduled'],
	faxplus: ['fax.received', 'fax.sent', 'fax.page_received'],
	sinch: ['fax.received', 'fax.sent'],
	faxserver: ['fax.received', 'fax.failed'],
};

interface SimulatorRequest {
	body: Buffer | string;
	headers: Record<string, string>;
}

function buildRequest(provider: string, event: string, values: Record<string, string | boolean | undefined>, url: string): SimulatorRequest {
	const document = typeof values.file === 'string' ? readFileSync(values.file) : undefined;
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
	const request = buildRequest(provider, event, values, values.url);
	const response = await fetch(values.url, { method: 'POST', body: request.body, headers: request.headers });
	process.stdout.write(`${response.status} ${response.statusText}\n${await response.text()}\n`);
	return response.ok ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(2);
	},
);
