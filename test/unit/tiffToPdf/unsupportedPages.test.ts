import { convertTiffToPdf, TiffConversionError } from '../../../nodes/FaxCore/tiffToPdf';
import { ensureDebianPackages } from '../../support/debianPackages';
import { drawFaxPage, FAX_IMAGE_TOOLS, FixtureFolder } from '../../support/faxTiffFixtures';
import { bilevelFields, buildTiff } from '../../support/tiffBuilder';

let folder: FixtureFolder;
let faxPage: Buffer;

beforeAll(() => {
	ensureDebianPackages(FAX_IMAGE_TOOLS);
	folder = new FixtureFolder();
	faxPage = folder.makeTiff([drawFaxPage(864, 540, 2)], { resolution: { x: 204, y: 98 }, tiffcp: ['-c', 'g4'] });
}, 10 * 60_000);

afterAll(() => folder?.remove());

/** A 64 × 48 photo-like netpbm image: greyscale (PGM) or colour (PPM). */
function photo(kind: 'grey' | 'colour'): Buffer {
	const [magic, channels] = kind === 'grey' ? ['P5', 1] : ['P6', 3];
	const pixels = Buffer.alloc(64 * 48 * channels);
	for (let index = 0; index < pixels.length; index++) pixels[index] = (index * 37) % 256;
	return Buffer.concat([Buffer.from(`${magic}\n64 48\n255\n`), pixels]);
}

/** The refusal for a file whose second page is `page`, after a good fax page. */
function refusalOfSecondPage(page: Buffer): string {
	const tiff = folder.combineTiffs([faxPage, page]);
	expect(() => convertTiffToPdf(tiff)).toThrow(TiffConversionError);
	try {
		convertTiffToPdf(tiff);
	} catch (error) {
		return (error as Error).message;
	}
	return '';
}

describe('convertTiffToPdf names the page it cannot convert and why', () => {
	it.each([
		['an RGB colour page', () => folder.tiffFromNetpbm(photo('colour')), 'it is RGB colour'],
		['a greyscale page', () => folder.tiffFromNetpbm(photo('grey')), 'it is greyscale (8 bits per pixel)'],
		['a JPEG colour page', () => folder.tiffFromNetpbm(photo('colour'), ['-c', 'jpeg', '-r', '16']), 'it is YCbCr colour'],
		['a JPEG greyscale page', () => folder.tiffFromNetpbm(photo('grey'), ['-c', 'jpeg']), 'it is greyscale (8 bits per pixel)'],
		['an LZW greyscale page', () => folder.tiffFromNetpbm(photo('grey'), ['-c', 'lzw']), 'it is greyscale (8 bits per pixel)'],
		['an LZW black-and-white page', () => folder.makeTiff([drawFaxPage(864, 540, 3)], { tiffcp: ['-c', 'lzw'] }), 'it uses LZW (Compression 5)'],
		['a Deflate black-and-white page', () => folder.makeTiff([drawFaxPage(864, 540, 3)], { tiffcp: ['-c', 'zip'] }), 'it uses Deflate (Compression 8)'],
	])('%s', (_name, makePage, reason) => {
		expect(refusalOfSecondPage(makePage())).toMatch(new RegExp(`^Page 2 of the TIFF cannot be converted to PDF: ${reason.replace(/[()]/g, '\\$&')}`));
	});

	it('a tiled page', () => {
		const tiled = folder.makeTiff([drawFaxPage(864, 540, 3)], { tiffcp: ['-c', 'g4', '-t', '-w', '256', '-l', '256'] });
		expect(() => convertTiffToPdf(tiled)).toThrow(/^Page 1 of the TIFF cannot be converted to PDF: it is stored in tiles; only pages stored in strips are converted$/);
	});

	it('a page with an alpha channel', () => {
		const { tiff } = buildTiff([{ fields: bilevelFields(16, 4, 1, [{ tag: 277, type: 3, values: [2] }]), strips: [Buffer.alloc(16)] }]);
		expect(() => convertTiffToPdf(tiff)).toThrow('Page 1 of the TIFF cannot be converted to PDF: it has 2 samples per pixel (colour or extra channels); only black-and-white pages are converted');
	});

	it('an unknown compression', () => {
		const { tiff } = buildTiff([{ fields: bilevelFields(16, 4, 34676), strips: [Buffer.alloc(8)] }]);
		expect(() => convertTiffToPdf(tiff)).toThrow(
			'Page 1 of the TIFF cannot be converted to PDF: it uses an unknown compression (Compression 34676); only CCITT G3/G4, PackBits and uncompressed pages are converted',
		);
	});

	it('CCITT data that may use the uncompressed-mode extension PDF readers lack', () => {
		const { tiff } = buildTiff([{ fields: bilevelFields(16, 4, 3, [{ tag: 292, type: 4, values: [2] }]), strips: [Buffer.alloc(8)] }]);
		expect(() => convertTiffToPdf(tiff)).toThrow(/^Page 1 .*T\.4 uncompressed mode, which PDF readers cannot decode$/);
	});
});
