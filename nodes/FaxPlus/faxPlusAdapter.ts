import type { IDataObject } from 'n8n-workflow';

import type { FaxEventName } from '../FaxCore/FaxEvent';
import type {
	FaxDelivery,
	FaxProviderAdapter,
	FetchedDocument,
	IncomingFaxRequest,
} from '../FaxCore/FaxProviderAdapter';
import { isRecord, toCount, toIdString } from '../FaxCore/normalize';
import { confirmFaxRecord, firstDownload } from '../FaxCore/providerRecords';
import { admitAllowedSource, allowedSourcesFrom, allowedSourcesProblem } from '../FaxCore/sourceAddress';
import type { WebhookBody } from '../FaxCore/readWebhookRequest';
import { forbidden, malformed, WebhookRejection } from '../FaxCore/WebhookRejection';
import { faxPlusApiRequest } from './faxPlusApi';
import { faxPlusFaxRecord } from './faxPlusFax';
import { createFaxPlusHooks, deleteFaxPlusHooks, faxPlusHooksExist } from './faxPlusHooks';

/** Published by Fax.Plus as the addresses its webhooks come from. */
export const FAX_PLUS_WEBHOOK_IPS = '34.65.253.117, 34.65.146.131';

const EVENTS: Record<string, { event: FaxEventName; direction: 'inbound' | 'outbound' }> = {
	fax_received: { event: 'fax.received', direction: 'inbound' },
	fax_sent: { event: 'fax.sent', direction: 'outbound' },
	fax_page_received: { event: 'fax.page_received', direction: 'inbound' },
};

export const faxPlusAdapter: FaxProviderAdapter = {
	provider: 'faxplus',
	events: [
		{
			name: 'Fax Received',
			value: 'fax.received',
			description: 'A fax arrived on one of your Fax.Plus numbers; the document is downloaded',
		},
		{
			name: 'Fax Sent',
			value: 'fax.sent',
			description: 'A fax you sent finished, successfully or not',
		},
		{
			name: 'Page Received',
			value: 'fax.page_received',
			description: 'A page of an incoming fax arrived (needs fax streaming on the account)',
		},
	],
	// Fax.Plus signs nothing: its sending addresses, or a look-up of each fax through the API.
	verification: {
		problem(_credentials, { allowedIps, confirmWithApi }) {
			const invalid = allowedSourcesProblem(allowedIps, FAX_PLUS_WEBHOOK_IPS);
			if (invalid !== null) return invalid;
			if (allowedSourcesFrom(allowedIps, FAX_PLUS_WEBHOOK_IPS) === null && confirmWithApi !== true) {
				return `Fax.Plus signs nothing, so the trigger needs the Allowed IPs option (Fax.Plus sends from ${FAX_PLUS_WEBHOOK_IPS}) or the Confirm With API option turned on.`;
			}
			return null;
		},
	},
	acceptedFormats: ['json'],
	bodyLimits: { maxJsonBytes: 1024 * 1024 },
	registration: {
		checkExists: async (context) => await faxPlusHooksExist.call(context),
		create: async (context) => await createFaxPlusHooks.call(context),
		delete: async (context) => await deleteFaxPlusHooks.call(context),
	},

	async admit(incoming) {
		admitAllowedSource(incoming, allowedSourcesFrom(incoming.settings.allowedIps, FAX_PLUS_WEBHOOK_IPS));
	},

	parse(incoming: IncomingFaxRequest, body: WebhookBody): FaxDelivery {
		if (!isRecord(body.json) || !isRecord(body.json.hook) || !isRecord(body.json.data)) {
			throw malformed('Expected a Fax.Plus webhook: a JSON object with "hook" and "data"');
		}
		const { hook, data } = body.json;
		const providerEvent = String(hook.event ?? '');
		const known = Object.hasOwn(EVENTS, providerEvent) ? EVENTS[providerEvent] : undefined;
		if (!known) throw malformed(`Unknown Fax.Plus hook event "${providerEvent.slice(0, 64)}"`);
		assertTargetIsThisTrigger(incoming, hook.target);
		const faxId = toIdString(data.id);
		if (faxId === '') throw malformed('The Fax.Plus payload has no data.id');

		const pageEvent = providerEvent === 'fax_page_received';
		const page = toCount(data.page);
		return {
			event: {
				...faxPlusFaxRecord(data, {
					direction: known.direction,
					defaultStatus: pageEvent ? 'in_progress' : 'success',
					completedAt: pageEvent ? null : hook.event_time,
					pages: pageEvent ? page : undefined,
				}),
				event: known.event,
				providerEvent,
			},
			raw: body.json as IDataObject,
			deliveryKey: ['faxplus', providerEvent, faxId, pageEvent ? String(page) : ''].join(':'),
			document: null,
		};
	},

	async confirm({ context, settings }, delivery) {
		if (settings.confirmWithApi !== true) return;
		await confirmFaxRecord(
			delivery,
			{ name: 'Fax.Plus', container: 'Fax.Plus account' },
			async () =>
				await faxPlusApiRequest(
					context,
					'GET',
					`/accounts/self/faxes/${encodeURIComponent(delivery.event.faxId)}`,
					'Confirming the fax with Fax.Plus',
				),
			(fax, field) => {
				const recorded = fax[field] ?? fax[`${field}_number`];
				return recorded === '' ? undefined : recorded;
			},
		);
	},

	async fetchDocument({ context, settings }, delivery): Promise<FetchedDocument> {
		const pageEvent = delivery.event.event === 'fax.page_received';
		if (pageEvent || settings.downloadDocument === false) return { file: null };
		const format = settings.documentFormat === 'tiff' ? 'tiff' : 'pdf';
		const data = delivery.raw.data as IDataObject;
		const fileIds = [toIdString(data.id), toIdString(data.file)].filter(
			(id, index, ids) => id !== '' && ids.indexOf(id) === index,
		);
		const download = await firstDownload(
			fileIds.map((fileId) => async () =>
				await faxPlusApiRequest<Buffer>(
					context,
					'GET',
					`/accounts/self/files/${encodeURIComponent(fileId)}`,
					'Downloading the fax document from Fax.Plus',
					{ qs: { format }, encoding: 'arraybuffer', json: false, headers: { accept: '*/*' } },
				),
			),
			format,
		);
		if (download.file) return { file: download.file };
		if (settings.retryWhenDownloadFails === true) {
			throw new WebhookRejection(503, 'The fax document could not be downloaded now; retry later');
		}
		return { file: null, error: (download.failure as Error | undefined)?.message ?? 'Fax.Plus sent no file id' };
	},
};

/** A payload copied from another hook names another target: it is not for this trigger. */
function assertTargetIsThisTrigger(incoming: IncomingFaxRequest, target: unknown) {
	if (typeof target !== 'string' || target === '') throw malformed('The Fax.Plus payload has no hook.target');
	const requestUrl = (incoming.request as { originalUrl?: string }).originalUrl ?? incoming.request.url ?? '';
	let targetPath: string;
	try {
		targetPath = new URL(target).pathname;
	} catch {
		throw malformed('The Fax.Plus hook.target is not a URL');
	}
	const requestPath = new URL(requestUrl, 'http://n8n.invalid').pathname;
	// `<webhookId>/<path>`: the same under n8n's production and test endpoints and behind proxies.
	const webhookPart = (path: string) => path.replace(/\/+$/, '').split('/').slice(-2).join('/');
	if (webhookPart(targetPath) !== webhookPart(requestPath)) {
		throw forbidden('The payload was sent for another webhook (hook.target is not this trigger)');
	}
}
