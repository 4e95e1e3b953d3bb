import { providerFixturePayload } from './providerFixtures';

export type FaxPlusSimulatedEvent = 'fax.received' | 'fax.sent' | 'fax.page_received';

export interface FaxPlusWebhookOptions {
	/** The hook target: the trigger's webhook URL. */
	url: string;
	event: FaxPlusSimulatedEvent;
	faxId?: string;
	hookId?: string;
	from?: string;
	to?: string;
	page?: number;
}

const HOOK_EVENTS: Record<FaxPlusSimulatedEvent, string> = {
	'fax.received': 'fax_received',
	'fax.sent': 'fax_sent',
	'fax.page_received': 'fax_page_received',
};

interface FaxPlusPayload {
	hook: Record<string, unknown>;
	data: Record<string, unknown>;
}

/** "YYYY-MM-DD HH:mm:ss" in UTC, as Fax.Plus writes times. */
function faxPlusTime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The JSON body of a Fax.Plus v3 webhook: the documented fax_sent / fax_received payload with this
 * simulation's ids, numbers, target and times. Fax.Plus prints no fax_page_received body: that one
 * keeps the documented hook and carries the fields the page lists (`id`, `page`, `from`, `to`).
 */
export function faxPlusWebhookBody(options: FaxPlusWebhookOptions): FaxPlusPayload {
	const pageEvent = options.event === 'fax.page_received';
	const payload = providerFixturePayload<FaxPlusPayload>(pageEvent ? 'faxplus/fax_received.json' : `faxplus/${HOOK_EVENTS[options.event]}.json`);
	const faxId = options.faxId ?? `fax${Math.floor(Math.random() * 1e12).toString(16)}`;
	const now = new Date();
	const from = options.from ?? '+15551230001';
	const to = options.to ?? '+15559870002';
	payload.hook.id = options.hookId ?? faxId;
	payload.hook.event = HOOK_EVENTS[options.event];
	payload.hook.event_time = faxPlusTime(now);
	payload.hook.target = options.url;
	if (pageEvent) {
		payload.data = { id: faxId, page: options.page ?? 1, from, to };
		return payload;
	}
	Object.assign(payload.data, {
		id: faxId,
		from,
		to,
		start_time: faxPlusTime(new Date(now.getTime() - 60_000)),
		file: `${faxId}.tiff`,
	});
	return payload;
}
