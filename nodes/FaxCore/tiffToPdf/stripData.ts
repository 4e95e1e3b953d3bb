import type { FaxPage, Strip } from './faxPage';
import { pageError, TiffConversionError } from './TiffConversionError';

/**
 * Checks that every strip lies inside the file and that all strips together claim no more bytes
 * than the file holds: strips that overlap or repeat cannot multiply the PDF's size.
 */
export function checkStrips(tiff: Buffer, pages: FaxPage[], maxStripsPerDocument: number): void {
	let stripTotal = 0;
	let byteTotal = 0;
	for (const page of pages) {
		stripTotal += page.strips.length;
		if (stripTotal > maxStripsPerDocument) {
			throw new TiffConversionError(`The TIFF has more than ${maxStripsPerDocument} strips in all, the most that is converted.`);
		}
		page.strips.forEach((strip, index) => {
			const where = `strip ${index + 1} of ${page.strips.length}`;
			if (strip.byteCount === 0) throw pageError(page.pageNumber, `${where} is empty`);
			if (strip.offset + strip.byteCount > tiff.length) {
				throw pageError(
					page.pageNumber,
					`${where} declares bytes ${strip.offset}–${strip.offset + strip.byteCount}, past the end of the ${tiff.length}-byte file (truncated or damaged)`,
				);
			}
			if (page.coding === 'uncompressed' && strip.byteCount < strip.rows * rowBytes(page)) {
				throw pageError(page.pageNumber, `${where} holds ${strip.byteCount} bytes where its ${strip.rows} uncompressed rows need ${strip.rows * rowBytes(page)}`);
			}
			byteTotal += strip.byteCount;
		});
	}
	// Honest files give each strip its own bytes.
	if (byteTotal > tiff.length) {
		throw new TiffConversionError(
			`The TIFF is damaged: its strips declare ${byteTotal} bytes in all, more than the ${tiff.length}-byte file holds (strips overlap or repeat).`,
		);
	}
}

export const rowBytes = (page: FaxPage) => Math.ceil(page.width / 8);

/** A strip's bytes as stored, most significant bit first: FillOrder 2 data is bit-reversed into a copy. */
export function stripBytes(tiff: Buffer, page: FaxPage, strip: Strip): Buffer {
	const stored = tiff.subarray(strip.offset, strip.offset + strip.byteCount);
	return page.lsbFirst ? reverseBits(stored) : stored;
}

const REVERSED_BYTE = Uint8Array.from({ length: 256 }, (_, byte) => {
	let reversed = 0;
	for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) reversed |= 0x80 >> bit;
	return reversed;
});

/**
 * Reverses the bits of every byte into a copy. The aligned middle goes four bytes at a time
 * (swap nibbles, then pairs, then bits: every step stays inside each byte, so the platform's
 * byte order does not matter); that is about twice as fast as a table lookup per byte.
 */
export function reverseBits(bytes: Buffer): Buffer {
	const length = bytes.length;
	// A fresh ArrayBuffer starts 4-aligned: offsetting the copy like the source aligns both.
	const misalignment = bytes.byteOffset & 3;
	const reversed = Buffer.allocUnsafeSlow(length + misalignment).subarray(misalignment);
	const head = Math.min(length, (4 - misalignment) & 3);
	const words = (length - head) >> 2;
	for (let index = 0; index < head; index++) reversed[index] = REVERSED_BYTE[bytes[index]];
	if (words > 0) {
		const source = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
		const target = new Uint32Array(reversed.buffer, reversed.byteOffset + head, words);
		for (let index = 0; index < words; index++) {
			let word = source[index];
			word = ((word >>> 4) & 0x0f0f0f0f) | ((word & 0x0f0f0f0f) << 4);
			word = ((word >>> 2) & 0x33333333) | ((word & 0x33333333) << 2);
			target[index] = ((word >>> 1) & 0x55555555) | ((word & 0x55555555) << 1);
		}
	}
	for (let index = head + 4 * words; index < length; index++) reversed[index] = REVERSED_BYTE[bytes[index]];
	return reversed;
}

/** Ends a RunLengthDecode stream. In PackBits the same byte is a no-op, so it is dropped from the data. */
export const RUN_LENGTH_END_OF_DATA = 128;

/**
 * Rewrites one PackBits strip as PDF RunLengthDecode data for exactly `decodedBytes` bytes: the
 * codings agree except for the length byte 128 (a no-op in PackBits, the end of data in PDF),
 * which is dropped. A run crossing the end is shortened; data ending early is refused.
 */
export function packBitsToRunLength(packed: Buffer, decodedBytes: number, pageNumber: number, where: string): Buffer {
	const runLength = Buffer.allocUnsafe(packed.length);
	let read = 0;
	let written = 0;
	let decoded = 0;
	const endsEarly = () =>
		pageError(pageNumber, `${where} ends after ${decoded} of its ${decodedBytes} bytes of PackBits data (truncated or damaged)`);
	while (decoded < decodedBytes) {
		if (read >= packed.length) throw endsEarly();
		const header = packed[read++];
		if (header === RUN_LENGTH_END_OF_DATA) continue;
		if (header < 128) {
			const count = header + 1;
			if (read + count > packed.length) throw endsEarly();
			const kept = Math.min(count, decodedBytes - decoded);
			runLength[written++] = kept - 1;
			packed.copy(runLength, written, read, read + kept);
			written += kept;
			read += count;
			decoded += kept;
		} else {
			if (read >= packed.length) throw endsEarly();
			const kept = Math.min(257 - header, decodedBytes - decoded);
			// A run of one byte has no repeat code: it becomes a literal of one.
			runLength[written++] = kept === 1 ? 0 : 257 - kept;
			runLength[written++] = packed[read++];
			decoded += kept;
		}
	}
	return runLength.subarray(0, written);
}
