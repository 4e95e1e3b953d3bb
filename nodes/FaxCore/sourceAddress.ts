import type { IncomingFaxRequest } from './FaxProviderAdapter';
import { isIpAllowed, parseAllowedIps } from './requestSecurity';
import { forbidden } from './WebhookRejection';

/**
 * The caller's address as n8n's Express app sees it: with N8N_PROXY_HOPS set, Express takes it
 * from X-Forwarded-For behind that many trusted proxies; without, forwarding headers are ignored
 * and the socket address counts.
 */
export function clientAddress(request: IncomingFaxRequest['request']): string {
	const expressIp = (request as { ip?: string }).ip;
	return expressIp ?? request.socket?.remoteAddress ?? '';
}

/**
 * Refuses (403) a caller outside the allowlist. `allowedIps` is the user's setting: undefined
 * means the provider's published addresses, an empty text turns the check off.
 */
export function admitAllowedSource(
	incoming: IncomingFaxRequest,
	allowedIps: unknown,
	defaultAllowedIps: string,
): void {
	const text = typeof allowedIps === 'string' ? allowedIps : defaultAllowedIps;
	if (text.trim() === '') return;
	let allowed;
	try {
		allowed = parseAllowedIps(text);
	} catch (error) {
		throw forbidden(`The Allowed IPs option is invalid: ${(error as Error).message}`);
	}
	const address = clientAddress(incoming.request);
	if (!isIpAllowed(address, allowed)) {
		throw forbidden(`Address ${address || 'unknown'} is not in the trigger's Allowed IPs`);
	}
}
