import { describeFaxPage, type FaxPage } from './faxPage';
import { pdfNumber, PdfWriter, type ConvertedPdf } from './pdfWriter';
import { checkStrips, packBitsToRunLength, rowBytes, RUN_LENGTH_END_OF_DATA, stripBytes } from './stripData';
import { readTiffDirectories } from './tiffDirectory';
import { DEFAULT_TIFF_LIMITS, type TiffLimits } from './tiffLimits';

/** One PDF image of a page: a whole page, or one strip of a CCITT page. */
interface PageImage {
	rows: number;
	dictionary: string;
	data: Buffer[];
}

const END_OF_RUN_LENGTH_DATA = Buffer.from([RUN_LENGTH_END_OF_DATA]);

/**
 * Converts a bilevel (fax) TIFF to a PDF without decoding or re-encoding its pixels: CCITT G3/G4
 * data goes into /CCITTFaxDecode images, PackBits into /RunLengthDecode, uncompressed data as is.
 * Every page is read and checked before any PDF is written; anything else throws
 * TiffConversionError with the page and the reason.
 */
export function convertTiffToPdf(tiff: Buffer, limits: Partial<TiffLimits> = {}): ConvertedPdf {
	const bounds: TiffLimits = { ...DEFAULT_TIFF_LIMITS, ...limits };
	const pages = readTiffDirectories(tiff, bounds).map((directory) => describeFaxPage(directory, bounds));
	checkStrips(tiff, pages, bounds.maxStripsPerDocument);

	const pdf = new PdfWriter();
	const catalog = pdf.reserve();
	const pageTree = pdf.reserve();
	const pageObjects = pages.map((page) => writePage(pdf, pageTree, page, pageImages(tiff, page)));
	pdf.writeObject(pageTree, `<< /Type /Pages /Kids [${pageObjects.map((object) => `${object} 0 R`).join(' ')}] /Count ${pages.length} >>`);
	pdf.writeObject(catalog, `<< /Type /Catalog /Pages ${pageTree} 0 R >>`);
	return pdf.finish(catalog, pages.length);
}

function pageImages(tiff: Buffer, page: FaxPage): PageImage[] {
	const size = `/Width ${page.width} /ColorSpace /DeviceGray /BitsPerComponent 1`;
	// Raw bits: a WhiteIsZero 0 bit is white, where a DeviceGray 0 is black.
	const rawDecode = page.blackIsZero ? '' : ' /Decode [1 0]';
	switch (page.coding) {
		case 'uncompressed': {
			// Rows are whole bytes, so the strips simply follow one another.
			const data = page.strips.map((strip) => stripBytes(tiff, page, strip).subarray(0, strip.rows * rowBytes(page)));
			return [{ rows: page.height, dictionary: `${size} /Height ${page.height}${rawDecode}`, data }];
		}
		case 'packbits': {
			const data = page.strips.map((strip, index) =>
				packBitsToRunLength(stripBytes(tiff, page, strip), strip.rows * rowBytes(page), page.pageNumber, `strip ${index + 1} of ${page.strips.length}`),
			);
			data.push(END_OF_RUN_LENGTH_DATA);
			return [{ rows: page.height, dictionary: `${size} /Height ${page.height} /Filter /RunLengthDecode${rawDecode}`, data }];
		}
		default:
			// Each strip is coded on its own: a G4 or G3 2-D strip codes its first row against a white
			// row, not the previous strip's last, and a strip may end in padding or RTC that a decoder
			// reading on would take for rows. So each strip is its own image.
			return page.strips.map((strip) => ({
				rows: strip.rows,
				dictionary: `${size} /Height ${strip.rows} /Filter /CCITTFaxDecode /DecodeParms << ${ccittParameters(page, strip.rows)} >>`,
				data: [stripBytes(tiff, page, strip)],
			}));
	}
}

/**
 * The coding's white runs decode as white in PDF (BlackIs1 false), which is what they show in a
 * WhiteIsZero TIFF. In a BlackIsZero one the 0 bits that white runs decode to are black.
 *
 * EndOfBlock false: the decoder stops after Rows rows. TIFF strips rarely end in RTC or EOFB, and
 * with EndOfBlock true pdf.js drops the last row of a G3 strip that ends without one.
 * EncodedByteAlign stays false even when T4Options has fill bits: T.4 fill bits are zeros before
 * an EOL so that the EOL ends on a byte boundary, which every decoder skips as part of the EOL;
 * EncodedByteAlign true makes pdf.js align right after each line's data and lose the EOL.
 */
function ccittParameters(page: FaxPage, rows: number): string {
	// K > 0 only says "mixed 1-D/2-D, a tag bit after each EOL"; the number of rows bounds any K used.
	const k = page.coding === 'g4' ? -1 : page.coding === 'g3-2d' ? Math.max(rows, 1) : 0;
	const parameters = [`/K ${k}`, `/Columns ${page.width}`, `/Rows ${rows}`, '/EndOfBlock false'];
	if (page.blackIsZero) parameters.push('/BlackIs1 true');
	return parameters.join(' ');
}

/** Writes the page's images, placed one under another from the top, and the page itself. */
function writePage(pdf: PdfWriter, pageTree: number, page: FaxPage, images: PageImage[]): number {
	const pointsPerRow = page.heightPoints / page.height;
	const width = pdfNumber(page.widthPoints);
	const xObjects: string[] = [];
	const placements: string[] = [];
	let rowsAbove = 0;
	images.forEach((image, index) => {
		const object = pdf.reserve();
		pdf.writeStream(object, `/Type /XObject /Subtype /Image ${image.dictionary}`, image.data);
		// Both edges rounded once, so neighbouring strips share an edge exactly.
		const top = Number(pdfNumber(page.heightPoints - rowsAbove * pointsPerRow));
		rowsAbove += image.rows;
		const bottom = Number(pdfNumber(page.heightPoints - rowsAbove * pointsPerRow));
		xObjects.push(`/I${index} ${object} 0 R`);
		placements.push(`q ${width} 0 0 ${pdfNumber(top - bottom)} 0 ${pdfNumber(bottom)} cm /I${index} Do Q`);
	});
	const contents = pdf.reserve();
	pdf.writeStream(contents, '', [Buffer.from(placements.join('\n'), 'latin1')]);
	const pageObject = pdf.reserve();
	pdf.writeObject(
		pageObject,
		`<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 ${width} ${pdfNumber(page.heightPoints)}] ` +
			`/Resources << /XObject << ${xObjects.join(' ')} >> >> /Contents ${contents} 0 R >>`,
	);
	return pageObject;
}
