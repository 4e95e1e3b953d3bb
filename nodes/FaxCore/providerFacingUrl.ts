/**
 * The URL a provider posted to, as the provider knows it. n8n only gives a node its production
 * URL (behind a proxy, built from WEBHOOK_URL); a test delivery arrives under n8n's test endpoint
 * instead (`/webhook-test/` by default), and the provider may have been given a query string or a
 * trailing slash. The segment in which the request path differs from the production path, just
 * before the part both share (`<webhookId>/<path>`), is the endpoint to swap in.
 */
export function providerFacingUrl(productionUrl: string, requestUrl: string): string {
	const production = new URL(productionUrl);
	const request = new URL(requestUrl, production.origin);
	const productionSegments = production.pathname.split('/');
	const requestSegments = request.pathname.split('/');

	const trailingSlash = request.pathname.endsWith('/') && !production.pathname.endsWith('/');
	if (trailingSlash) requestSegments.pop();

	let shared = 0;
	while (
		shared < productionSegments.length - 1 &&
		shared < requestSegments.length - 1 &&
		productionSegments[productionSegments.length - 1 - shared] ===
			requestSegments[requestSegments.length - 1 - shared]
	) {
		shared++;
	}
	const endpointIndex = productionSegments.length - 1 - shared;
	const requestEndpoint = requestSegments[requestSegments.length - 1 - shared];
	if (shared > 0 && endpointIndex > 0 && requestEndpoint) {
		productionSegments[endpointIndex] = requestEndpoint;
	}

	production.pathname = productionSegments.join('/') + (trailingSlash ? '/' : '');
	production.search = request.search;
	return production.toString();
}

/** The same URL with and without user:password@, since providers differ on which they sign. */
export function withAndWithoutCredentials(url: string): string[] {
	const parsed = new URL(url);
	if (!parsed.username && !parsed.password) return [url];
	return [url, withoutCredentials(url)];
}

/** The URL without user:password@ (text that is not a URL comes back as it is). */
export function withoutCredentials(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.username = '';
		parsed.password = '';
		return parsed.toString();
	} catch {
		return url;
	}
}
