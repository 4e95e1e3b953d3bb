import { hasBasicAuth, isIpAllowed, parseAllowedIps } from '../../nodes/FaxCore/requestSecurity';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('hasBasicAuth', () => {
	it('accepts exactly the configured pair', () => {
		expect(hasBasicAuth(basic('sinch:s3cret:with:colons'), 'sinch', 's3cret:with:colons')).toBe(true);
		expect(hasBasicAuth(basic('sinch:wrong'), 'sinch', 's3cret')).toBe(false);
		expect(hasBasicAuth(basic('other:s3cret'), 'sinch', 's3cret')).toBe(false);
		expect(hasBasicAuth(basic('sinch'), 'sinch', '')).toBe(false);
		expect(hasBasicAuth('Bearer abc', 'sinch', 's3cret')).toBe(false);
		expect(hasBasicAuth(undefined, 'sinch', 's3cret')).toBe(false);
	});
});

describe('IP allowlist', () => {
	const allowed = parseAllowedIps('34.65.253.117, 10.0.0.0/8\n2001:db8::/32');

	it.each([
		['34.65.253.117', true],
		['34.65.253.118', false],
		['10.200.3.4', true],
		['::ffff:10.1.1.1', true],
		['::ffff:34.65.253.118', false],
		['2001:db8::1', true],
		['2001:db9::1', false],
		['', false],
		['not-an-ip', false],
	])('%s allowed: %s', (address, expected) => {
		expect(isIpAllowed(address, allowed)).toBe(expected);
	});

	it('names the entry that is not an address or range', () => {
		expect(() => parseAllowedIps('1.2.3.4, example.com')).toThrow('"example.com"');
		expect(() => parseAllowedIps('1.2.3.4/33')).toThrow('prefix');
	});
});
