import type { IncomingFaxRequest } from './FaxProviderAdapter';
import { isIpAllowed, parseAllowedIps, type AllowedIps } from './requestSecurity';
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
 * The allowlist an "Allowed IPs" setting describes, or null when it lists no address (blank,
 * white space, only separators): then there is no source check, and the trigger's verification
 * decision must not count one. A setting never saved (undefined) means the default list.
 * Throws an Error naming an entry that is neither an address nor a CIDR range.
 */
export function allowedSourcesFrom(setting: unknown, defaultAllowedIps = ''): AllowedIps | null {
	const allowed = parseAllowedIps(typeof setting === 'string' ? setting : defaultAllowedIps);
	return allowed.entries.length > 0 ? allowed : null;
}

/** Refuses (403) a caller outside the allowlist; no allowlist, no check. */
export function admitAllowedSource(incoming: IncomingFaxRequest, allowed: AllowedIps | null): void {
	if (allowed === null) return;
	const address = clientAddress(incoming.request);
	if (!isIpAllowed(address, allowed)) {
		throw forbidden(`Address ${address || 'unknown'} is not in the trigger's Allowed IPs`);
	}
}

/** The verification problem of an "Allowed IPs" setting that does not parse, or null. */
export function allowedSourcesProblem(setting: unknown, defaultAllowedIps = ''): string | null {
	try {
		allowedSourcesFrom(setting, defaultAllowedIps);
		return null;
	} catch (error) {
		return `The Allowed IPs option is invalid: ${(error as Error).message}`;
	}
}
