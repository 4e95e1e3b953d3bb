import fc from 'fast-check';

import { TiffConversionError } from '../../../nodes/FaxCore/tiffToPdf';
import { packBitsToRunLength, reverseBits } from '../../../nodes/FaxCore/tiffToPdf/stripData';
import { packBits } from '../../support/tiffBuilder';

/** TIFF PackBits decoding, as libtiff does it: 128 is a no-op. */
function unpackBits(packed: Buffer): Buffer {
	const output: number[] = [];
	for (let position = 0; position < packed.length; ) {
		const header = packed[position++];
		if (header < 128) {
			output.push(...packed.subarray(position, position + header + 1));
			position += header + 1;
		} else if (header > 128) {
			output.push(...Array<number>(257 - header).fill(packed[position++]));
		}
	}
	return Buffer.from(output);
}

/** PDF RunLengthDecode: 128 ends the data. */
function runLengthDecode(encoded: Buffer): Buffer {
	const output: number[] = [];
	for (let position = 0; position < encoded.length; ) {
		const header = encoded[position++];
		if (header === 128) break;
		if (header < 128) {
			output.push(...encoded.subarray(position, position + header + 1));
			position += header + 1;
		} else {
			output.push(...Array<number>(257 - header).fill(encoded[position++]));
		}
	}
	return Buffer.from(output);
}

const rowsArbitrary = fc.array(
	fc.array(fc.oneof(fc.constantFrom(0x00, 0xff), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 400 }).map((row) => Buffer.from(row)),
	{ minLength: 1, maxLength: 6 },
);

describe('packBitsToRunLength', () => {
	it('drops the PackBits no-op 128, which would end a PDF RunLengthDecode stream', () => {
		const packed = Buffer.from([128, 0, 0xaa, 128, 0xfe, 0xbb]);
		expect([...packBitsToRunLength(packed, 4, 1, 'strip 1')]).toEqual([0, 0xaa, 0xfe, 0xbb]);
	});

	it('decodes in PDF to the bytes libtiff decodes, for any rows and any cut-off, never growing', () => {
		fc.assert(
			fc.property(rowsArbitrary, fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), (rows, noOps, fraction) => {
				const packed = packBits(rows, noOps);
				const decoded = unpackBits(packed);
				const wanted = Math.max(1, Math.floor(decoded.length * fraction));
				const runLength = packBitsToRunLength(packed, wanted, 1, 'strip 1');
				expect(runLength.length).toBeLessThanOrEqual(packed.length);
				// Decoding stops at a length byte 128: all `wanted` bytes come out only if none is left.
				expect(runLengthDecode(runLength)).toEqual(decoded.subarray(0, wanted));
			}),
			{ numRuns: 300 },
		);
	});

	it('refuses data that decodes to fewer bytes than the strip needs', () => {
		const packed = packBits([Buffer.from([1, 2, 3, 3, 3, 3])], true);
		expect(() => packBitsToRunLength(packed, 7, 2, 'strip 3 of 4')).toThrow(TiffConversionError);
		expect(() => packBitsToRunLength(packed, 7, 2, 'strip 3 of 4')).toThrow(
			'Page 2 of the TIFF cannot be converted to PDF: strip 3 of 4 ends after 6 of its 7 bytes of PackBits data (truncated or damaged)',
		);
		expect(() => packBitsToRunLength(Buffer.from([5, 1, 2]), 6, 1, 'strip 1 of 1')).toThrow(/ends after 0 of its 6 bytes/);
		expect(() => packBitsToRunLength(Buffer.from([0xfe]), 3, 1, 'strip 1 of 1')).toThrow(/ends after 0 of its 3 bytes/);
	});
});

describe('reverseBits', () => {
	const reverseOne = (byte: number) => parseInt(byte.toString(2).padStart(8, '0').split('').reverse().join(''), 2);

	it('reverses the bits of each byte at any alignment and length', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(7), (bytes, offset) => {
				const source = Buffer.concat([Buffer.alloc(offset), Buffer.from(bytes)]).subarray(offset);
				expect([...reverseBits(source)]).toEqual([...bytes].map(reverseOne));
			}),
			{ numRuns: 500 },
		);
	});
});
