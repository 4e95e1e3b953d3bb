/**
 * A TIFF that cannot become a PDF. The message is shown to users as the item's document error,
 * so it says plainly which page and why, and never carries file contents.
 */
export class TiffConversionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TiffConversionError';
	}
}

export const pageError = (pageNumber: number, reason: string) =>
	new TiffConversionError(`Page ${pageNumber} of the TIFF cannot be converted to PDF: ${reason}`);
