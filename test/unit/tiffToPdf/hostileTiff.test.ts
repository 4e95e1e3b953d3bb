import fc from 'fast-check';

import { convertTiffToPdf, TiffConversionError } from '../../../nodes/FaxCore/tiffToPdf';
import { bilevelFields, buildTiff, LONG, RATIONAL, SHORT, writeU32, type TiffPageSpec } from '../../support/tiffBuilder';

const COMPRESSION_NONE = 1;
const COMPRESSION_PACKBITS = 32773;
/** A 16 × 4 uncompressed page: 2 bytes per row. */
const smallPage = (extra = bilevelFields(16, 4, COMPRESSION_NONE)): TiffPageSpec => ({ fields: extra, strips: [Buffer.alloc(8, 0x5a)] });
const twoPageTiff = () => buildTiff([smallPage(), smallPage()]);

/** The refusal, checked to be a TiffConversionError that came quickly. */
function refusal(tiff: Buffer, limits?: Parameters<typeof convertTiffToPdf>[1]): string {
	const started = process.hrtime.bigint();
	try {
		convertTiffToPdf(tiff, limits);
	} catch (error) {
		const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
		expect(error).toBeInstanceOf(TiffConversionError);
		expect(elapsedMs).toBeLessThan(2000);
		return (error as Error).message;
	}
	throw new Error('The TIFF was converted where a refusal was expected');
}

it('converts the well-formed file the hostile cases start from', () => {
	expect(convertTiffToPdf(twoPageTiff().tiff).pages).toBe(2);
});

describe('convertTiffToPdf refuses what is not a classic TIFF', () => {
	it.each([
		['an empty file', Buffer.alloc(0), /too short to be a TIFF/],
		['a PDF', Buffer.from('%PDF-1.4\n%%EOF\n'), /does not start with a TIFF header/],
		['a BigTIFF', Buffer.from([0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]), /BigTIFF/],
		['a TIFF with no page', Buffer.from([0x49, 0x49, 42, 0, 0, 0, 0, 0]), /has no pages/],
	])('%s', (_name, file, message) => {
		expect(refusal(file)).toMatch(message);
	});
});

describe('convertTiffToPdf refuses damaged and hostile files', () => {
	it('refuses every truncation of a two-page file, naming what is missing', () => {
		const { tiff } = twoPageTiff();
		for (let length = 0; length < tiff.length; length++) {
			expect(refusal(tiff.subarray(0, length))).toMatch(/too short|truncated/);
		}
	});

	it('refuses a strip that lies past the end of the file', () => {
		const { tiff } = buildTiff([{ fields: [...bilevelFields(16, 4, COMPRESSION_NONE), { tag: 273, type: LONG, values: [100_000] }], strips: [Buffer.alloc(8)] }]);
		expect(refusal(tiff)).toBe(
			`Page 1 of the TIFF cannot be converted to PDF: strip 1 of 1 declares bytes 100000–100008, past the end of the ${tiff.length}-byte file (truncated or damaged)`,
		);
	});

	it('refuses a strip whose byte count runs past the end of the file', () => {
		const { tiff } = buildTiff([{ fields: [...bilevelFields(16, 4, COMPRESSION_NONE), { tag: 279, type: LONG, values: [0xffffffff] }], strips: [Buffer.alloc(8)] }]);
		expect(refusal(tiff)).toMatch(/^Page 1 .*strip 1 of 1 declares bytes 8–4294967303, past the end/);
	});

	it('refuses an uncompressed strip shorter than its rows', () => {
		const { tiff } = buildTiff([{ fields: bilevelFields(16, 4, COMPRESSION_NONE), strips: [Buffer.alloc(5)] }]);
		expect(refusal(tiff)).toMatch(/strip 1 of 1 holds 5 bytes where its 4 uncompressed rows need 8/);
	});

	it.each([
		[0xffffffff, 0xffffffff],
		[100_000, 100_000],
		[1, 0xffffffff],
	])('refuses a declared size of %d × %d pixels before reading any strip', (width, height) => {
		const { tiff } = buildTiff([smallPage(bilevelFields(width, height, COMPRESSION_NONE))]);
		expect(refusal(tiff)).toMatch(new RegExp(`^Page 1 .*declares ${width} × ${height} pixels, more than the \\d+ accepted per page`));
	});

	it('refuses a page chain that links back to itself', () => {
		const { tiff, nextPointerOffsets, directoryOffsets } = twoPageTiff();
		writeU32(tiff, nextPointerOffsets[0], directoryOffsets[0]);
		expect(refusal(tiff)).toBe('The TIFF is damaged: page 1 links back to the directory of page 1, a loop.');
	});

	it('refuses a page chain that loops back to an earlier page', () => {
		const { tiff, nextPointerOffsets, directoryOffsets } = buildTiff([smallPage(), smallPage(), smallPage()]);
		writeU32(tiff, nextPointerOffsets[2], directoryOffsets[1]);
		expect(refusal(tiff)).toBe('The TIFF is damaged: page 3 links back to the directory of page 2, a loop.');
	});

	it('refuses a 10,000-page chain at the page limit, without reading the rest', () => {
		const { tiff } = buildTiff(Array.from({ length: 10_000 }, () => smallPage()));
		expect(refusal(tiff)).toBe('The TIFF has more than 1000 pages, the most that is converted.');
		expect(refusal(tiff, { maxPages: 50 })).toBe('The TIFF has more than 50 pages, the most that is converted.');
	});

	it('refuses 10,000 pages that all show the same strip, even under a raised page limit', () => {
		const first = buildTiff([smallPage()]);
		const stripOffset = 8;
		const shared = bilevelFields(16, 4, COMPRESSION_NONE, [
			{ tag: 273, type: LONG, values: [stripOffset] },
			{ tag: 279, type: LONG, values: [first.tiff.length] },
		]);
		const { tiff } = buildTiff([smallPage(), ...Array.from({ length: 9_999 }, () => ({ fields: shared, strips: [] }))]);
		expect(refusal(tiff, { maxPages: 20_000 })).toMatch(/strips declare \d+ bytes in all, more than the \d+-byte file holds \(strips overlap or repeat\)/);
	});

	it('refuses an inflated StripOffsets count before reading the values', () => {
		const fields = bilevelFields(16, 4, COMPRESSION_NONE, [{ tag: 273, type: LONG, values: [8], declaredCount: 0xffffffff }]);
		const { tiff } = buildTiff([{ fields, strips: [Buffer.alloc(8)] }]);
		expect(refusal(tiff)).toBe('Page 1 of the TIFF cannot be converted to PDF: its StripOffsets tag declares 4294967295 values, more than the 10000 accepted');
	});

	it('refuses an inflated BitsPerSample count whose values would lie outside the file', () => {
		const fields = bilevelFields(16, 4, COMPRESSION_NONE, [{ tag: 258, type: SHORT, values: [1], declaredCount: 0x40000000 }]);
		expect(refusal(buildTiff([smallPage(fields)]).tiff)).toMatch(/^Page 1 .*its BitsPerSample tag points to bytes \d+–\d+ of a \d+-byte file \(truncated or damaged\)$/);
	});

	it('refuses a directory that declares 65,535 tags', () => {
		const { tiff, directoryOffsets } = twoPageTiff();
		tiff.writeUInt16LE(0xffff, directoryOffsets[1]);
		expect(refusal(tiff)).toBe('Page 2 of the TIFF cannot be converted to PDF: its directory declares 65535 tags, more than the 1000 accepted');
		expect(refusal(tiff, { maxTagsPerPage: 0xffff })).toBe('The TIFF is truncated: the directory of page 2 runs past the end of the ' + tiff.length + '-byte file.');
	});

	it('refuses more strips than a page may have before reading their offsets', () => {
		const { tiff } = buildTiff([smallPage(bilevelFields(16, 20_000, COMPRESSION_NONE, [], 1))]);
		expect(refusal(tiff)).toMatch(/^Page 1 .*cut into 20000 strips, more than the 10000 accepted per page$/);
	});

	it('ignores strip table entries beyond the strips the rows make, as libtiff does', () => {
		const fields = bilevelFields(16, 4, COMPRESSION_NONE, [
			{ tag: 273, type: LONG, values: [8, 8, 8] },
			{ tag: 279, type: LONG, values: [8, 8, 8] },
		]);
		expect(convertTiffToPdf(buildTiff([{ fields, strips: [Buffer.alloc(8)] }]).tiff).pages).toBe(1);
	});

	it('refuses strip tables shorter than the rows need', () => {
		const { tiff } = buildTiff([{ fields: bilevelFields(16, 4, COMPRESSION_NONE, [], 2), strips: [Buffer.alloc(8)] }]);
		expect(refusal(tiff)).toMatch(/its 4 rows at 2 rows per strip make 2 strips, but it lists 1 strip offsets and 1 byte counts/);
	});

	it('refuses an empty strip and a missing StripByteCounts', () => {
		expect(refusal(buildTiff([{ fields: bilevelFields(16, 4, COMPRESSION_NONE, [{ tag: 279, type: LONG, values: [0] }]), strips: [Buffer.alloc(8)] }]).tiff)).toMatch(
			/strip 1 of 1 is empty/,
		);
		const { tiff, directoryOffsets } = twoPageTiff();
		// Retag StripByteCounts as an unknown private tag.
		const entries = tiff.readUInt16LE(directoryOffsets[0]);
		const entry = Array.from({ length: entries }, (_, index) => directoryOffsets[0] + 2 + index * 12).find((at) => tiff.readUInt16LE(at) === 279);
		tiff.writeUInt16LE(65000, entry!);
		expect(refusal(tiff)).toMatch(/^Page 1 .*has no StripByteCounts tag/);
	});

	it('refuses PackBits data that ends before the page does', () => {
		const literalOfTen = Buffer.from([9, 1, 2, 3]);
		expect(refusal(buildTiff([{ fields: bilevelFields(16, 4, COMPRESSION_PACKBITS), strips: [literalOfTen] }]).tiff)).toBe(
			'Page 1 of the TIFF cannot be converted to PDF: strip 1 of 1 ends after 0 of its 8 bytes of PackBits data (truncated or damaged)',
		);
	});

	it('refuses a resolution that would make a page wider than PDF allows', () => {
		const fields = bilevelFields(1728, 4, COMPRESSION_NONE, [{ tag: 282, type: RATIONAL, values: [1, 1000] }]);
		expect(refusal(buildTiff([{ fields, strips: [Buffer.alloc(216 * 4)] }]).tiff)).toMatch(
			/^Page 1 .*at 0 × 196 dpi its 1728 × 4 pixels make a page of 1728000 × 0.02 inches, more than the 200 inches a PDF page may have \(check XResolution and YResolution\)$/,
		);
	});

	it('turns any corruption of a valid file into a PDF or a TiffConversionError, never a crash', () => {
		const packBitsPage: TiffPageSpec = { fields: bilevelFields(16, 4, COMPRESSION_PACKBITS), strips: [Buffer.from([0xf9, 0x00, 0x01, 0xaa, 0xbb])] };
		const original = buildTiff([smallPage(), packBitsPage, { fields: bilevelFields(16, 4, COMPRESSION_NONE, [], 3), strips: [Buffer.alloc(6, 0xf0), Buffer.alloc(2, 0x0f)] }], {
			bigEndian: true,
		}).tiff;
		expect(convertTiffToPdf(original).pages).toBe(3);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
				fc.nat(original.length),
				(edits, cut) => {
					const damaged = Buffer.from(original.subarray(0, Math.max(cut, original.length - 4)));
					for (const [offset, value] of edits) if (offset < damaged.length) damaged[offset] = value;
					try {
						const pdf = convertTiffToPdf(damaged);
						expect(pdf.pages).toBeGreaterThan(0);
						expect(pdf.size).toBe(pdf.chunks.reduce((total, chunk) => total + chunk.length, 0));
					} catch (error) {
						if (!(error instanceof TiffConversionError)) throw error;
					}
				},
			),
			{ numRuns: 2000 },
		);
	});
});
