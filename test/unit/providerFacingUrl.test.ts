import { providerFacingUrl, withAndWithoutCredentials } from '../../nodes/FaxCore/providerFacingUrl';

const production = 'https://n8n.example.com/webhook/abc-123/phaxio';

describe('providerFacingUrl', () => {
	it('is the production URL for a production delivery', () => {
		expect(providerFacingUrl(production, '/webhook/abc-123/phaxio')).toBe(production);
	});

	it('swaps in the test endpoint for a test delivery', () => {
		expect(providerFacingUrl(production, '/webhook-test/abc-123/phaxio')).toBe(
			'https://n8n.example.com/webhook-test/abc-123/phaxio',
		);
	});

	it('keeps a path prefix of WEBHOOK_URL that a proxy strips', () => {
		expect(
			providerFacingUrl('https://example.com/n8n/webhook/abc-123/phaxio', '/webhook-test/abc-123/phaxio'),
		).toBe('https://example.com/n8n/webhook-test/abc-123/phaxio');
	});

	it('keeps the query string and a trailing slash the provider was given', () => {
		expect(providerFacingUrl(production, '/webhook/abc-123/phaxio/?line=2')).toBe(`${production}/?line=2`);
	});

	it('follows a custom endpoint name (N8N_ENDPOINT_WEBHOOK_TEST)', () => {
		expect(providerFacingUrl('http://127.0.0.1:5678/hooks/abc/phaxio', '/hooks-test/abc/phaxio')).toBe(
			'http://127.0.0.1:5678/hooks-test/abc/phaxio',
		);
	});
});

describe('withAndWithoutCredentials', () => {
	it('offers both forms of a URL with user:password@', () => {
		expect(withAndWithoutCredentials('https://u:p@example.com/x')).toEqual([
			'https://u:p@example.com/x',
			'https://example.com/x',
		]);
		expect(withAndWithoutCredentials('https://example.com/x')).toEqual(['https://example.com/x']);
	});
});
