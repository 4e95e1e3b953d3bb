import type { IDataObject } from 'n8n-workflow';

import { toIdString, toIsoUtc } from '../FaxCore/normalize';

/** Records per request when walking a Fax.Plus list. */
export const FAX_PLUS_PAGE_SIZE = 100;

/** Fax.Plus list times: `YYYY-MM-DD HH:mm:ss`, UTC, to the second. */
export function faxPlusTime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Walks a Fax.Plus list, which has no page token, by its time window: each page moves `before`
 * to one second after the oldest record seen, so that records sharing that second come again
 * whether `before` is exclusive or inclusive, and ids already seen are dropped. Ends at a short
 * page or at `wanted`; a full page of nothing new (more records in one second than a page) moves
 * past that second, which is the one case that can leave records out.
 */
export async function walkFaxPlusWindow(
	fetchPage: (before: string | undefined, limit: number) => Promise<IDataObject[]>,
	wanted: number,
	initialBefore: string | undefined,
): Promise<IDataObject[]> {
	const seen = new Set<string>();
	const records: IDataObject[] = [];
	let before = initialBefore;
	const limit = Math.min(FAX_PLUS_PAGE_SIZE, wanted);
	for (;;) {
		const page = await fetchPage(before, limit);
		const fresh = page.filter((record) => !seen.has(toIdString(record.id)));
		for (const record of fresh) {
			seen.add(toIdString(record.id));
			records.push(record);
		}
		if (page.length < limit || records.length >= wanted) break;
		const times = page.map((record) => toIsoUtc(record.start_time)).filter((time): time is string => time !== null);
		if (times.length === 0) break;
		const oldest = new Date(times.reduce((min, time) => (time < min ? time : min)));
		const next = faxPlusTime(fresh.length > 0 ? new Date(oldest.getTime() + 1000) : oldest);
		if (next === before) break;
		before = next;
	}
	return records.slice(0, wanted);
}
