import { toCost, toE164, toIsoUtc } from '../../nodes/FaxCore/normalize';

describe('toE164', () => {
	it.each([
		['+1 (555) 123-4567', '+15551234567'],
		['+44 20 7946 0958', '+442079460958'],
		['0044 20 7946 0958', '+442079460958'],
		['15551234567', '+15551234567'],
		['5551234567', '5551234567'],
		['anonymous', 'anonymous'],
		[15551234567, '+15551234567'],
		[undefined, ''],
	])('%p → %p', (input, expected) => {
		expect(toE164(input)).toBe(expected);
	});
});

describe('toIsoUtc', () => {
	it.each([
		['2015-09-02T11:28:02.000-05:00', '2015-09-02T16:28:02.000Z'],
		['2026-11-23 01:02:03', '2026-11-23T01:02:03.000Z'],
		[1700000000, '2023-11-14T22:13:20.000Z'],
		[1700000000000, '2023-11-14T22:13:20.000Z'],
		['not a date', null],
		[null, null],
		['', null],
	])('%p → %p', (input, expected) => {
		expect(toIsoUtc(input)).toBe(expected);
	});
});

describe('toCost', () => {
	it('turns Phaxio cents into dollars and keeps string amounts', () => {
		expect(toCost(7, 'USD', 100)).toEqual({ amount: 0.07, currency: 'USD' });
		expect(toCost('0.0123', 'eur')).toEqual({ amount: 0.0123, currency: 'EUR' });
		expect(toCost(undefined, 'USD')).toBeNull();
		expect(toCost('n/a', 'USD')).toBeNull();
	});
});
