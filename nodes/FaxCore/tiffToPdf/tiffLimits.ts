/**
 * Bounds on what a TIFF may ask of the converter. The converter never decodes pixels, so memory
 * follows the file's size; these bound the work a small hostile file can still request.
 */
export interface TiffLimits {
	maxPages: number;
	/** Width × height of one page: what a PDF viewer will have to decode. */
	maxPixelsPerPage: number;
	/** Each strip of a CCITT page becomes one PDF image. */
	maxStripsPerPage: number;
	/** Directories can share one strip table, so the total needs its own bound. */
	maxStripsPerDocument: number;
	/** Tags in one page directory; real ones have a few dozen. */
	maxTagsPerPage: number;
}

export const DEFAULT_TIFF_LIMITS: TiffLimits = {
	maxPages: 1000,
	// A3 at 400 × 400 dpi superfine is about 4864 × 6700 = 33 megapixels.
	maxPixelsPerPage: 64 * 1024 * 1024,
	// One row per strip on a superfine A4 page is about 4600 strips.
	maxStripsPerPage: 10_000,
	maxStripsPerDocument: 100_000,
	maxTagsPerPage: 1000,
};
