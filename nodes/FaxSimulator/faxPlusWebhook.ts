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

/** "YYYY-MM-DD HH:mm:ss" in UTC, as Fax.Plus writes times. */
function faxPlusTime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The JSON body of a Fax.Plus v3 webhook. */
export function faxPlusWebhookBody(options: FaxPlusWebhookOptions): object {
	const faxId = options.faxId ?? `fax${Math.floor(Math.random() * 1e12).toString(16)}`;
	const now = new Date();
	const hook = {
		id: options.hookId ?? faxId,
		event: HOOK_EVENTS[options.event],
		event_time: faxPlusTime(now),
		target: options.url,
	};
	const from = options.from ?? '+15551230001';
	const to = options.to ?? '+15559870002';
	if (options.event === 'fax.page_received') {
		return { hook, data: { id: faxId, page: options.page ?? 1, from, to } };
	}
	return {
		hook,
		data: {
			id: faxId,
			uid: 'simulated-user',
			pages: 1,
			from,
			to,
			start_time: faxPlusTime(new Date(now.getTime() - 60_000)),
			file: `${faxId}.tiff`,
			file_name: 'fax',
			status: 'success',
			cost: 1,
		},
	};
}
