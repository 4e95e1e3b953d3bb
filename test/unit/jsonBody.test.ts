import fc from 'fast-check';

import { parseJsonBody } from '../../nodes/FaxCore/jsonBody';

/** parseJsonBody must give exactly what JSON.parse gives, long strings or not, and fail where it fails. */
const LONG = 64 * 1024;

const longAscii = fc
	.tuple(fc.integer({ min: LONG - 2, max: LONG + 4096 }), fc.constantFrom('QUJD', 'x/+=', 'fax '))
	.map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
const longUnusual = fc.tuple(longAscii, fc.constantFrom('"', '\\', '\u00e9', '\n', '\u2028')).map(([text, odd]) => `${text.slice(0, 1000)}${odd}${text.slice(1000)}`);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		fc.jsonValue({ maxDepth: 2 }),
		longAscii,
		longUnusual,
		fc.array(tie('node'), { maxLength: 3 }),
		fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 }),
	),
})).node;

const parseBoth = (text: string) => {
	const expected = (() => {
		try {
			return { value: JSON.parse(text) as unknown };
		} catch {
			return { error: true };
		}
	})();
	const actual = (() => {
		try {
			return { value: parseJsonBody(Buffer.from(text)) };
		} catch {
			return { error: true };
		}
	})();
	return { expected, actual };
};

it('parses any JSON exactly as JSON.parse does, long strings included', () => {
	fc.assert(
		fc.property(value, fc.constantFrom(0, 2), (generated, indent) => {
			const text = JSON.stringify({ event: 'INCOMING_FAX', payload: generated }, null, indent);
			const { expected, actual } = parseBoth(text);
			expect(actual).toEqual(expected);
		}),
		{ numRuns: 120 },
	);
});

it('fails where JSON.parse fails, whatever was cut or changed', () => {
	fc.assert(
		fc.property(longAscii, fc.nat(), fc.constantFrom('', '"', '}', ',', 'x', '\\'), (file, cut, insert) => {
			const text = JSON.stringify({ fax: { id: 'f1' }, file, fileType: 'PDF' });
			const at = cut % text.length;
			const broken = text.slice(0, at) + insert + text.slice(at + 1);
			const { expected, actual } = parseBoth(broken);
			expect('error' in actual).toBe('error' in expected);
			if (!('error' in expected)) expect(actual).toEqual(expected);
		}),
		{ numRuns: 200 },
	);
});

it('cannot be fed a placeholder of its own from the body', () => {
	const file = 'QUJD'.repeat(LONG);
	const text = JSON.stringify({ note: '\u0000AAAAAAAAAAAA:0', file });
	expect(parseJsonBody(Buffer.from(text))).toEqual({ note: '\u0000AAAAAAAAAAAA:0', file });
});

it('keeps a long key a key', () => {
	const key = 'k'.repeat(LONG);
	const text = `{"${key}" : "v", "file": "${'A'.repeat(LONG)}"}`;
	expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
});
