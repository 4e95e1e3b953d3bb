import type { FaxCost, FaxError } from './FaxEvent';

const E164_DIGITS = /^\d{7,15}$/;
const NANP_WITHOUT_PLUS = /^1\d{10}$/;
const PHONE_PUNCTUATION = /[\s().\-/]/g;
const DATE_TIME_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** E.164 (`+15551234567`) where the number is recognisable, otherwise the value as sent. */
export function toE164(value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') return '';
	const sent = String(value).trim();
	const compact = sent.replace(PHONE_PUNCTUATION, '');
	if (compact.startsWith('+') && E164_DIGITS.test(compact.slice(1))) return compact;
	if (compact.startsWith('00') && E164_DIGITS.test(compact.slice(2))) return `+${compact.slice(2)}`;
	if (NANP_WITHOUT_PLUS.test(compact)) return `+${compact}`;
	return sent;
}

/**
 * ISO-8601 UTC, or null when the value is not a time. A date-time without a zone is taken as
 * UTC (Fax.Plus sends `YYYY-MM-DD HH:mm:ss`); numbers are Unix seconds or milliseconds.
 */
export function toIsoUtc(value: unknown): string | null {
	let date: Date;
	if (typeof value === 'number' && Number.isFinite(value)) {
		date = new Date(value > 1e11 ? value : value * 1000);
	} else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		date = new Date(DATE_TIME_WITHOUT_ZONE.test(text) ? `${text.replace(' ', 'T')}Z` : text);
	} else {
		return null;
	}
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toBoolean(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
	return false;
}

export function toCount(value: unknown): number | null {
	const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
}

export function toIdString(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string') return value.trim();
	return '';
}

export function toTextOrNull(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const text = typeof value === 'string' ? value : String(value);
	return text === '' ? null : text;
}

/** A cost from an amount given as a number or a numeric string; null when there is none. */
export function toCost(amount: unknown, currency: unknown, divisor = 1): FaxCost | null {
	const number = typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : amount;
	if (typeof number !== 'number' || !Number.isFinite(number)) return null;
	return {
		amount: Math.round((number / divisor) * 1e6) / 1e6,
		currency: typeof currency === 'string' && currency !== '' ? currency.toUpperCase() : 'USD',
	};
}

/** The provider's failure reason, or null when none of its parts is set (0 and "" are unset). */
export function toFaxError(type: unknown, code: unknown, message: unknown): FaxError | null {
	if (!type && !code && !message) return null;
	return { type: toTextOrNull(type), code: toTextOrNull(code), message: toTextOrNull(message) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
