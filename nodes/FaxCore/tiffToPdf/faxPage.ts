import { pageError } from './TiffConversionError';
import { Tag, type TiffDirectory } from './tiffDirectory';
import type { TiffLimits } from './tiffLimits';

/** How a page's strips are coded, among those a PDF can carry without re-encoding. */
export type PageCoding = 'g3-1d' | 'g3-2d' | 'g4' | 'uncompressed' | 'packbits';

export interface Strip {
	offset: number;
	byteCount: number;
	rows: number;
}

export interface FaxPage {
	pageNumber: number;
	width: number;
	height: number;
	widthPoints: number;
	heightPoints: number;
	coding: PageCoding;
	/** PhotometricInterpretation 1: a 0 bit is black (the fax default, 0, is WhiteIsZero). */
	blackIsZero: boolean;
	/** FillOrder 2: the least significant bit of each byte comes first. */
	lsbFirst: boolean;
	strips: Strip[];
}

const COMPRESSION_NONE = 1;
const COMPRESSION_CCITT_G3 = 3;
const COMPRESSION_CCITT_G4 = 4;
const COMPRESSION_PACKBITS = 32773;
const COMPRESSION_NAMES: Record<number, string> = {
	2: 'CCITT modified Huffman (RLE)',
	5: 'LZW',
	6: 'old-style JPEG',
	7: 'JPEG',
	8: 'Deflate',
	32946: 'Deflate',
	34712: 'JPEG 2000',
};
const PHOTOMETRIC_NAMES: Record<number, string> = { 2: 'RGB colour', 3: 'palette colour', 4: 'a transparency mask', 5: 'CMYK', 6: 'YCbCr colour', 8: 'CIE Lab colour' };

const T4_TWO_DIMENSIONAL = 1;
const T4_UNCOMPRESSED_MODE = 2;
const T6_UNCOMPRESSED_MODE = 2;

const RESOLUTION_UNIT_NONE = 1;
const RESOLUTION_UNIT_CENTIMETRE = 3;
/** Fax line widths at 8 dots per mm (204 dpi): A4, B4, A3, and the half and quarter widths. */
const FAX_WIDTHS_AT_204_DPI = new Set([1728, 2048, 2432, 1216, 864]);
/** Acrobat's and most viewers' largest page side: 200 inches. */
const MAX_PAGE_POINTS = 14_400;

/** Reads one directory as a bilevel page, or says why the page is not one this converter carries. */
export function describeFaxPage(directory: TiffDirectory, limits: TiffLimits): FaxPage {
	const pageNumber = directory.pageNumber;
	const refuse = (reason: string) => pageError(pageNumber, reason);

	if (directory.has(Tag.TileWidth)) throw refuse('it is stored in tiles; only pages stored in strips are converted');
	const samples = directory.integer(Tag.SamplesPerPixel) ?? 1;
	const bitsPerSample = directory.integer(Tag.BitsPerSample) ?? 1;
	// A fax TIFF without the tag is WhiteIsZero: that is the TIFF default reading of bilevel data.
	const photometric = directory.integer(Tag.PhotometricInterpretation) ?? 0;
	if (PHOTOMETRIC_NAMES[photometric]) throw refuse(`it is ${PHOTOMETRIC_NAMES[photometric]}; only black-and-white pages are converted`);
	if (samples !== 1) throw refuse(`it has ${samples} samples per pixel (colour or extra channels); only black-and-white pages are converted`);
	if (bitsPerSample !== 1) throw refuse(`it is greyscale (${bitsPerSample} bits per pixel); only black-and-white pages are converted`);
	if (photometric !== 0 && photometric !== 1) throw refuse(`its PhotometricInterpretation ${photometric} is not black-and-white`);

	const width = directory.integer(Tag.ImageWidth) ?? 0;
	const height = directory.integer(Tag.ImageLength) ?? 0;
	if (width === 0 || height === 0) throw refuse(`it declares a size of ${width} × ${height} pixels`);
	if (width * height > limits.maxPixelsPerPage) {
		throw refuse(`it declares ${width} × ${height} pixels, more than the ${limits.maxPixelsPerPage} accepted per page`);
	}

	const coding = pageCoding(directory);
	const fillOrder = directory.integer(Tag.FillOrder) ?? 1;
	if (fillOrder !== 1 && fillOrder !== 2) throw refuse(`its FillOrder ${fillOrder} is neither 1 nor 2`);
	const { widthPoints, heightPoints } = pageSize(directory, width, height);

	return {
		pageNumber,
		width,
		height,
		widthPoints,
		heightPoints,
		coding,
		blackIsZero: photometric === 1,
		lsbFirst: fillOrder === 2,
		strips: readStrips(directory, height, limits),
	};
}

function pageCoding(directory: TiffDirectory): PageCoding {
	const compression = directory.integer(Tag.Compression) ?? COMPRESSION_NONE;
	const refuse = (reason: string) => pageError(directory.pageNumber, reason);
	switch (compression) {
		case COMPRESSION_NONE:
			return 'uncompressed';
		case COMPRESSION_PACKBITS:
			return 'packbits';
		case COMPRESSION_CCITT_G3: {
			const options = directory.integer(Tag.T4Options) ?? 0;
			// PDF readers (poppler, pdf.js, MuPDF) do not implement the T.4 uncompressed-mode extension.
			if (options & T4_UNCOMPRESSED_MODE) throw refuse('its CCITT G3 data may use T.4 uncompressed mode, which PDF readers cannot decode');
			// Bit 2, fill bits, needs no PDF parameter: see ccittParameters.
			return options & T4_TWO_DIMENSIONAL ? 'g3-2d' : 'g3-1d';
		}
		case COMPRESSION_CCITT_G4: {
			const options = directory.integer(Tag.T6Options) ?? 0;
			if (options & T6_UNCOMPRESSED_MODE) throw refuse('its CCITT G4 data may use T.6 uncompressed mode, which PDF readers cannot decode');
			return 'g4';
		}
		default: {
			const name = COMPRESSION_NAMES[compression] ?? 'an unknown compression';
			throw refuse(`it uses ${name} (Compression ${compression}); only CCITT G3/G4, PackBits and uncompressed pages are converted`);
		}
	}
}

function readStrips(directory: TiffDirectory, height: number, limits: TiffLimits): Strip[] {
	const refuse = (reason: string) => pageError(directory.pageNumber, reason);
	// The TIFF default, 2^32 - 1, means the whole page is one strip.
	const rowsPerStrip = Math.min(directory.integer(Tag.RowsPerStrip) ?? height, height);
	if (rowsPerStrip === 0) throw refuse('its RowsPerStrip is 0');
	const stripCount = Math.ceil(height / rowsPerStrip);
	if (stripCount > limits.maxStripsPerPage) {
		throw refuse(`it is cut into ${stripCount} strips, more than the ${limits.maxStripsPerPage} accepted per page`);
	}
	if (!directory.has(Tag.StripOffsets)) throw refuse('it has no StripOffsets tag, so its image data cannot be found');
	if (!directory.has(Tag.StripByteCounts)) throw refuse('it has no StripByteCounts tag, so the length of its image data is unknown');
	const offsets = directory.integers(Tag.StripOffsets, limits.maxStripsPerPage);
	const byteCounts = directory.integers(Tag.StripByteCounts, limits.maxStripsPerPage);
	// Entries beyond the strips the rows make are ignored, as libtiff does.
	if (offsets.length < stripCount || byteCounts.length < stripCount) {
		throw refuse(
			`its ${height} rows at ${rowsPerStrip} rows per strip make ${stripCount} strips, but it lists ${offsets.length} strip offsets and ${byteCounts.length} byte counts`,
		);
	}
	return offsets.slice(0, stripCount).map((offset, index) => ({
		offset,
		byteCount: byteCounts[index],
		rows: Math.min(rowsPerStrip, height - index * rowsPerStrip),
	}));
}

/**
 * The page in PDF points (1/72 inch) from its pixels and resolution. Fax resolutions are not
 * square (204 × 98 or 204 × 196 dpi), so each axis uses its own.
 */
function pageSize(directory: TiffDirectory, width: number, height: number): { widthPoints: number; heightPoints: number } {
	const unit = directory.integer(Tag.ResolutionUnit) ?? 2;
	const perInch = unit === RESOLUTION_UNIT_CENTIMETRE ? 2.54 : 1;
	const xResolution = validResolution(directory.rational(Tag.XResolution));
	const yResolution = validResolution(directory.rational(Tag.YResolution));
	let xDpi: number;
	let yDpi: number;
	if (xResolution && yResolution && unit !== RESOLUTION_UNIT_NONE) {
		xDpi = xResolution * perInch;
		yDpi = yResolution * perInch;
	} else {
		// No usable resolution. A standard fax line width means a fax page: take fine resolution,
		// 204 × 196 dpi (the aspect ratio, when the tags give one without a unit). Any other
		// width is not a fax: take 72 dpi, one pixel per point, as tiff2pdf does.
		xDpi = FAX_WIDTHS_AT_204_DPI.has(width) ? 204 : 72;
		yDpi = xResolution && yResolution ? (xDpi * yResolution) / xResolution : xDpi === 204 ? 196 : 72;
	}
	const widthPoints = (width / xDpi) * 72;
	const heightPoints = (height / yDpi) * 72;
	if (widthPoints > MAX_PAGE_POINTS || heightPoints > MAX_PAGE_POINTS) {
		throw pageError(
			directory.pageNumber,
			`at ${round(xDpi)} × ${round(yDpi)} dpi its ${width} × ${height} pixels make a page of ${round(widthPoints / 72)} × ${round(heightPoints / 72)} inches, more than the 200 inches a PDF page may have (check XResolution and YResolution)`,
		);
	}
	return { widthPoints, heightPoints };
}

function validResolution(value: number | undefined): number | undefined {
	return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

const round = (value: number) => Math.round(value * 100) / 100;
