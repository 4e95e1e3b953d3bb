import fc from 'fast-check';

/**
 * Allowed-IPs verdicts computed here with plain integer arithmetic, independently of the
 * trigger's (which uses node:net's BlockList), and generators of addresses and CIDR lists.
 */

export interface Address {
	family: 4 | 6;
	value: bigint;
}

export function parseIpv4(text: string): bigint | null {
	const parts = text.split('.');
	if (parts.length !== 4 || parts.some((part) => !/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255)) return null;
	return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

export function parseIpv6(text: string): bigint | null {
	let head = text;
	let tail: bigint[] = [];
	const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (embedded) {
		const ipv4 = parseIpv4(embedded[2]);
		if (ipv4 === null) return null;
		head = `${embedded[1]}0:0`;
		tail = [ipv4 >> 16n, ipv4 & 0xffffn];
	}
	const halves = head.split('::');
	if (halves.length > 2) return null;
	const groups = (half: string) => (half === '' ? [] : half.split(':'));
	const left = groups(halves[0]);
	const right = halves.length === 2 ? groups(halves[1]) : [];
	const missing = 8 - left.length - right.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
	const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
	if (all.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return null;
	const words = all.map((group) => BigInt(parseInt(group, 16)));
	if (tail.length > 0) words.splice(6, 2, ...tail);
	return words.reduce((value, word) => (value << 16n) | word, 0n);
}

export function parseAddress(text: string): Address | null {
	const ipv4 = parseIpv4(text);
	if (ipv4 !== null) return { family: 4, value: ipv4 };
	const ipv6 = parseIpv6(text);
	return ipv6 === null ? null : { family: 6, value: ipv6 };
}

export interface Range {
	family: 4 | 6;
	network: bigint;
	prefix: number;
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);
const mask = (family: 4 | 6, prefix: number) =>
	prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits(family) - prefix);

export function contains(range: Range, address: Address): boolean {
	return range.family === address.family && (address.value & mask(range.family, range.prefix)) === range.network;
}

/**
 * The expected verdict: an IPv4 client seen as `::ffff:a.b.c.d` is judged as a.b.c.d against
 * IPv4 ranges (as the trigger documents); anything that is not an address is not allowed.
 */
export function isAllowed(client: string, ranges: Range[]): boolean {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(client);
	const address = parseAddress(mapped ? mapped[1] : client);
	return address !== null && ranges.some((range) => contains(range, address));
}

export function formatAddress(family: 4 | 6, value: bigint): string {
	if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
	return [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((value >> shift) & 0xffffn).toString(16)).join(':');
}

export function rangeFor(address: Address, prefix: number): Range {
	return { family: address.family, network: address.value & mask(address.family, prefix), prefix };
}

export function formatRange(range: Range, withPrefix: boolean): string {
	const network = formatAddress(range.family, range.network);
	return withPrefix ? `${network}/${range.prefix}` : network;
}

/** IPv4 clients (some written as IPv4-mapped IPv6) and IPv6 clients outside the IPv4-mapped space. */
export const clientAddress = fc.oneof(
	{ weight: 5, arbitrary: fc.ipV4() },
	{ weight: 1, arbitrary: fc.ipV4().map((ipv4) => `::ffff:${ipv4}`) },
	{
		weight: 4,
		arbitrary: fc.ipV6().filter((ipv6) => {
			const value = parseIpv6(ipv6);
			return value !== null && value >> 112n !== 0n;
		}),
	},
	{ weight: 1, arbitrary: fc.constantFrom('unknown', 'not-an-ip', '300.1.2.3', '1.2.3', 'fe80::1%eth0') },
);

export interface AllowList {
	text: string;
	ranges: Range[];
}

/**
 * An allowlist around some of the clients: ranges that contain one (any prefix), single
 * addresses, and unrelated ranges; separated by commas, spaces or new lines.
 */
export function allowListFor(clients: string[]): fc.Arbitrary<AllowList> {
	const addresses = clients
		.map((client) => parseAddress(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(client)?.[1] ?? client))
		.filter((address): address is Address => address !== null);
	const around = (address: Address) =>
		fc
			.integer({ min: address.family === 4 ? 0 : 16, max: bits(address.family) })
			.chain((prefix) => fc.boolean().map((written) => ({ range: rangeFor(address, prefix), written: written || prefix !== bits(address.family) })));
	const unrelated = fc.oneof(fc.ipV4(), fc.ipV6()).chain((text) => {
		const address = parseAddress(text);
		if (address === null || (address.family === 6 && address.value >> 112n === 0n)) {
			return fc.constant({ range: rangeFor({ family: 4, value: 0x0a000000n }, 8), written: true });
		}
		return around(address);
	});
	const entry = addresses.length > 0 ? fc.oneof(fc.constantFrom(...addresses).chain(around), unrelated) : unrelated;
	return fc
		.tuple(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.constantFrom(', ', ',', ' ', '\n', ' ,\n'))
		.map(([entries, separator]) => ({
			text: entries.map(({ range, written }) => formatRange(range, written)).join(separator),
			ranges: entries.map(({ range }) => range),
		}));
}
