import { convertTiffToPdf, TiffConversionError } from '../../../nodes/FaxCore/tiffToPdf';
import { ensureDebianPackages } from '../../support/debianPackages';
import { differingPixels, drawFaxPage, FAX_IMAGE_TOOLS, FixtureFolder, type Bitmap } from '../../support/faxTiffFixtures';
import { bilevelFields, buildTiff, packBits } from '../../support/tiffBuilder';

const NORMAL = { x: 204, y: 98 };
const FINE = { x: 204, y: 196 };
/** Half-width fax pages keep the many-case matrix quick; full pages are tested below. */
const SMALL_PAGE = drawFaxPage(864, 540, 1);

let folder: FixtureFolder;

beforeAll(() => {
	ensureDebianPackages(FAX_IMAGE_TOOLS);
	folder = new FixtureFolder();
}, 10 * 60_000);

afterAll(() => folder?.remove());

/**
 * Converts the TIFF, checks the PDF's structure with qpdf, and checks every page, pixel for pixel,
 * three ways: the drawn page, libtiff's decoding of the TIFF, and poppler's drawing of the PDF.
 * Returns the PDF.
 */
function expectLosslessPdf(tiff: Buffer, drawn: Bitmap[], dpi: { x: number; y: number }): Buffer {
	const converted = convertTiffToPdf(tiff);
	expect(converted.pages).toBe(drawn.length);
	expect(converted.size).toBe(converted.chunks.reduce((total, chunk) => total + chunk.length, 0));
	const pdf = Buffer.concat(converted.chunks);
	expect(folder.pdfStructureProblems(pdf)).toBe('');
	const tiffPages = folder.tiffPages(tiff);
	const pdfPages = folder.pdfPages(pdf, dpi.x, dpi.y);
	expect(pdfPages).toHaveLength(drawn.length);
	drawn.forEach((page, index) => {
		expect({ page: index + 1, libtiffDiffers: differingPixels(page, tiffPages[index]) }).toEqual({ page: index + 1, libtiffDiffers: 0 });
		expect({ page: index + 1, pdfDiffers: differingPixels(page, pdfPages[index]) }).toEqual({ page: index + 1, pdfDiffers: 0 });
	});
	return pdf;
}

describe('convertTiffToPdf keeps every pixel', () => {
	/** tiffcp's -c option, and what tiffinfo then says of the file. */
	const codings = [
		['G3 1-D', 'g3', /Compression Scheme: CCITT Group 3\n(?![\s\S]*Group 3 Options)/],
		['G3 2-D', 'g3:2d', /Compression Scheme: CCITT Group 3[\s\S]*Group 3 Options: 2-d encoding \(1 /],
		['G3 1-D with fill bits', 'g3:fill', /Compression Scheme: CCITT Group 3[\s\S]*Group 3 Options: EOL padding \(4 /],
		['G3 2-D with fill bits', 'g3:2d:fill', /Compression Scheme: CCITT Group 3[\s\S]*Group 3 Options: 2-d encoding\+EOL padding \(5 /],
		['G4', 'g4', /Compression Scheme: CCITT Group 4/],
		['PackBits', 'packbits', /Compression Scheme: PackBits/],
		['uncompressed', 'none', /Compression Scheme: None/],
	] as const;
	const layouts = [
		['one strip', ['-r', '540'], /Rows\/Strip: 540\n/],
		['strips of 17 rows, FillOrder 2', ['-r', '17', '-f', 'lsb2msb'], /FillOrder: lsb-to-msb[\s\S]*Rows\/Strip: 17\n/],
	] as const;

	describe.each(codings)('%s (tiffcp -c %s)', (_name, coding, codingInfo) => {
		it.each(layouts)('WhiteIsZero, %s', (_layout, layout, layoutInfo) => {
			const tiff = folder.makeTiff([SMALL_PAGE], { resolution: NORMAL, tiffcp: ['-c', coding, ...layout] });
			const info = folder.tiffInfo(tiff);
			expect(info).toMatch(codingInfo);
			expect(info).toMatch(layoutInfo);
			expect(info).toContain('Photometric Interpretation: min-is-white');
			expectLosslessPdf(tiff, [SMALL_PAGE], NORMAL);
		});

		it('BlackIsZero, strips of 100 rows', () => {
			const tiff = folder.makeTiff([SMALL_PAGE], { photometric: 'minisblack', resolution: NORMAL, tiffcp: ['-c', coding, '-r', '100'] });
			const info = folder.tiffInfo(tiff);
			expect(info).toMatch(codingInfo);
			expect(info).toContain('Photometric Interpretation: min-is-black');
			expectLosslessPdf(tiff, [SMALL_PAGE], NORMAL);
		});

		it('big-endian (MM) byte order, FillOrder 2', () => {
			const tiff = folder.makeTiff([SMALL_PAGE], { resolution: NORMAL, tiffcp: ['-c', coding, '-B', '-r', '64', '-f', 'lsb2msb'] });
			expect(tiff.toString('latin1', 0, 2)).toBe('MM');
			expect(folder.tiffInfo(tiff)).toMatch(/FillOrder: lsb-to-msb/);
			expectLosslessPdf(tiff, [SMALL_PAGE], NORMAL);
		});
	});
});

// Each CCITT strip is its own PDF image: 540 of them, one under another, must meet exactly.
it.each([
	['G3 2-D', 'g3:2d'],
	['G4', 'g4'],
	['PackBits', 'packbits'],
])('convertTiffToPdf keeps every pixel of a %s page stored one row per strip', (_name, coding) => {
	const tiff = folder.makeTiff([SMALL_PAGE], { resolution: NORMAL, tiffcp: ['-c', coding, '-r', '1'] });
	expectLosslessPdf(tiff, [SMALL_PAGE], NORMAL);
});

it('convertTiffToPdf keeps every pixel of PackBits data full of no-op length bytes (128), which end PDF run-length data', () => {
	const rowLength = SMALL_PAGE.bits.length / SMALL_PAGE.height;
	const rows = Array.from({ length: SMALL_PAGE.height }, (_, row) => SMALL_PAGE.bits.subarray(row * rowLength, (row + 1) * rowLength));
	const strips = [packBits(rows.slice(0, 300), true), packBits(rows.slice(300), true)];
	const fields = bilevelFields(SMALL_PAGE.width, SMALL_PAGE.height, 32773, [], 300);
	const { tiff } = buildTiff([{ fields, strips }]);
	expectLosslessPdf(tiff, [SMALL_PAGE], FINE);
});

describe('convertTiffToPdf on whole fax pages', () => {
	it('turns a three-page fine-resolution G4 fax (1728 × 2156 at 204 × 196 dpi) into three Letter-sized pages', () => {
		const pages = [1, 2, 3].map((seed) => drawFaxPage(1728, 2156, seed));
		const tiff = folder.makeTiff(pages, { resolution: FINE, tiffcp: ['-c', 'g4', '-r', '2156'] });
		const pdf = expectLosslessPdf(tiff, pages, FINE);
		const info = folder.pdfInfo(pdf);
		expect(info.pages).toBe(3);
		// 1728 / 204 in × 2156 / 196 in = 8.47 × 11 in.
		expect(info.widthPoints).toBeCloseTo((1728 / 204) * 72, 1);
		expect(info.heightPoints).toBeCloseTo(792, 1);
	}, 120_000);

	it('keeps a normal-resolution (204 × 98 dpi) G3 2-D fax page-shaped, not a squashed strip', () => {
		const page = drawFaxPage(1728, 1078, 4);
		const tiff = folder.makeTiff([page], { resolution: NORMAL, tiffcp: ['-c', 'g3:2d:fill', '-r', '128', '-f', 'lsb2msb'] });
		const info = folder.pdfInfo(expectLosslessPdf(tiff, [page], NORMAL));
		expect(info.widthPoints).toBeCloseTo((1728 / 204) * 72, 1);
		expect(info.heightPoints).toBeCloseTo(792, 1);
	}, 60_000);

	it('converts a file whose pages use different codings, in page order', () => {
		const pages = [5, 6, 7, 8].map((seed) => drawFaxPage(864, 540, seed));
		const parts = [
			['-c', 'g4'],
			['-c', 'g3', '-f', 'lsb2msb', '-r', '50'],
			['-c', 'packbits'],
			['-c', 'none', '-r', '33'],
		].map((tiffcp, index) => folder.makeTiff([pages[index]], { resolution: NORMAL, tiffcp }));
		expectLosslessPdf(folder.combineTiffs(parts), pages, NORMAL);
	}, 60_000);
});

it('convertTiffToPdf refuses a tool-made three-page fax cut short anywhere, never a partial PDF', () => {
	const pages = [11, 12, 13].map((seed) => drawFaxPage(864, 540, seed));
	const tiff = folder.makeTiff(pages, { resolution: NORMAL, tiffcp: ['-c', 'g4', '-r', '200'] });
	for (let cut = 0; cut < tiff.length; cut += Math.ceil(tiff.length / 200)) {
		expect(() => convertTiffToPdf(tiff.subarray(0, cut))).toThrow(TiffConversionError);
	}
});

describe('convertTiffToPdf page size', () => {
	const pageSize = (tiff: Buffer) => folder.pdfInfo(Buffer.concat(convertTiffToPdf(tiff).chunks));

	it.each([
		['fine', FINE, 2156],
		['normal', NORMAL, 1078],
		['per-centimetre', { x: 80, y: 40 }, 540],
	])('gives a %s-resolution page the size libtiff\'s tiff2pdf gives it', (_name, resolution, height) => {
		let tiff = folder.makeTiff([drawFaxPage(1728, height, 10)], { resolution, tiffcp: ['-c', 'g4'] });
		if (resolution.x === 80) tiff = folder.setTags(tiff, { 296: '3' });
		const ours = pageSize(tiff);
		const reference = folder.pdfInfo(folder.tiff2pdf(tiff));
		expect(ours.widthPoints).toBeCloseTo(reference.widthPoints, 1);
		expect(ours.heightPoints).toBeCloseTo(reference.heightPoints, 1);
	});

	it('reads a resolution given per centimetre', () => {
		const tiff = folder.makeTiff([SMALL_PAGE], { resolution: { x: 80, y: 40 }, tiffcp: ['-c', 'g4'] });
		const size = pageSize(folder.setTags(tiff, { 296: '3' }));
		expect(size.widthPoints).toBeCloseTo((864 / (80 * 2.54)) * 72, 1);
		expect(size.heightPoints).toBeCloseTo((540 / (40 * 2.54)) * 72, 1);
	});

	it('takes 204 × 196 dpi for a fax-width page without resolution tags', () => {
		const size = pageSize(folder.makeTiff([SMALL_PAGE], { tiffcp: ['-c', 'g4'] }));
		expect(size.widthPoints).toBeCloseTo((864 / 204) * 72, 1);
		expect(size.heightPoints).toBeCloseTo((540 / 196) * 72, 1);
	});

	it('takes 72 dpi, one point per pixel, for any other page without resolution tags', () => {
		const size = pageSize(folder.makeTiff([drawFaxPage(800, 300, 9)], { tiffcp: ['-c', 'g4'] }));
		expect(size.widthPoints).toBeCloseTo(800, 1);
		expect(size.heightPoints).toBeCloseTo(300, 1);
	});

	it('keeps the aspect ratio of resolutions that have no unit (ResolutionUnit 1)', () => {
		const tiff = folder.makeTiff([SMALL_PAGE], { resolution: NORMAL, tiffcp: ['-c', 'g4'] });
		const size = pageSize(folder.setTags(tiff, { 296: '1' }));
		expect(size.widthPoints).toBeCloseTo((864 / 204) * 72, 1);
		expect(size.heightPoints).toBeCloseTo((540 / 98) * 72, 1);
	});
});
