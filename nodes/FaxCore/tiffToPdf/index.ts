export { convertTiffToPdf } from './convertTiffToPdf';
export type { ConvertedPdf } from './pdfWriter';
export { TiffConversionError } from './TiffConversionError';
export { DEFAULT_TIFF_LIMITS, type TiffLimits } from './tiffLimits';
