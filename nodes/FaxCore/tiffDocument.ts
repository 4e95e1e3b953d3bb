import type { DocumentMimeType } from './faxDocument';
import { ReceivedFileBuilder, type ReceivedFile } from './ReceivedFile';
import { convertTiffToPdf, TiffConversionError } from './tiffToPdf';

export interface DocumentToAttach {
	file: ReceivedFile;
	mimeType: DocumentMimeType;
	/** The type the document arrived in, when it was converted. */
	originalMimeType?: DocumentMimeType;
	/** Why a TIFF stayed a TIFF. */
	conversionError?: string;
}

/**
 * A TIFF fax becomes a PDF when the trigger's option says so, its compressed pages wrapped as
 * they are. A TIFF the converter refuses is attached as it came, with the reason: never a lost
 * document, never an empty PDF.
 */
export function documentToAttach(file: ReceivedFile, mimeType: DocumentMimeType, convertTiff: boolean): DocumentToAttach {
	if (mimeType !== 'image/tiff' || !convertTiff) return { file, mimeType };
	try {
		const tiff = file.chunks.length === 1 ? file.chunks[0] : Buffer.concat(file.chunks, file.size);
		const pdf = convertTiffToPdf(tiff);
		const builder = new ReceivedFileBuilder(file.fieldName, file.fileName, 'application/pdf');
		for (const chunk of pdf.chunks) builder.add(chunk);
		return { file: builder.finish(), mimeType: 'application/pdf', originalMimeType: 'image/tiff' };
	} catch (error) {
		const reason = error instanceof TiffConversionError ? error.message : 'the converter failed unexpectedly';
		return { file, mimeType, conversionError: `The TIFF was attached as it came, not as a PDF: ${reason}` };
	}
}
