import { timingSafeEqual } from 'crypto';
import { BlockList, isIP } from 'net';

/** Compares two secrets in constant time; different lengths are unequal without a timing hint on content. */
export function constantTimeEquals(actual: string, expected: string): boolean {
	const actualBuffer = Buffer.from(actual, 'utf8');
	const expectedBuffer = Buffer.from(expected, 'utf8');
	if (actualBuffer.length !== expectedBuffer.length) {
		timingSafeEqual(expectedBuffer, expectedBuffer);
		return false;
	}
	return timingSafeEqual(actualBuffer, expectedBuffer);
}

/** True when the `Authorization: Basic` header carries exactly this user and password. */
export function hasBasicAuth(
	authorization: string | undefined,
	username: string,
	password: string,
): boolean {
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
	if (!match) return false;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const separator = decoded.indexOf(':');
	if (separator < 0) return false;
	const userMatches = constantTimeEquals(decoded.slice(0, separator), username);
	const passwordMatches = constantTimeEquals(decoded.slice(separator + 1), password);
	return userMatches && passwordMatches;
}

export interface AllowedIps {
	entries: string[];
	blockList: BlockList;
}

/**
 * Parses a comma-, space- or newline-separated list of addresses and CIDR ranges (IPv4 or IPv6).
 * Throws an Error naming the first entry that is neither.
 */
export function parseAllowedIps(text: string): AllowedIps {
	const entries = text
		.split(/[\s,]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	const blockList = new BlockList();
	for (const entry of entries) {
		const [address, prefixText, extra] = entry.split('/');
		const family = isIP(address);
		if (family === 0 || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR range`);
		const type = family === 4 ? 'ipv4' : 'ipv6';
		if (prefixText === undefined) {
			blockList.addAddress(address, type);
			continue;
		}
		const prefix = Number(prefixText);
		if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) {
			throw new Error(`"${entry}" has an invalid prefix length`);
		}
		blockList.addSubnet(address, prefix, type);
	}
	return { entries, blockList };
}

/** Matches IPv4 clients seen on an IPv6 socket (`::ffff:1.2.3.4`) against IPv4 entries too. */
export function isIpAllowed(address: string, allowed: AllowedIps): boolean {
	const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mappedIpv4) return allowed.blockList.check(mappedIpv4[1], 'ipv4');
	const family = isIP(address);
	if (family === 0) return false;
	return allowed.blockList.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
