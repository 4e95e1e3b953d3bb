/**
 * Writes TIFF files field by field, for the cases no tool will make: damaged, hostile or unusual
 * ones. Layout: header, then per page its strips, its directory and the directory's values.
 */
export const SHORT = 3;
export const LONG = 4;
export const RATIONAL = 5;

export interface TiffField {
	tag: number;
	type: typeof SHORT | typeof LONG | typeof RATIONAL;
	/** A RATIONAL takes two numbers per value: numerator, denominator. */
	values: readonly number[];
	/** Written in the entry instead of values.length: an inflated count. */
	declaredCount?: number;
}

export interface TiffPageSpec {
	fields: TiffField[];
	/** StripOffsets and StripByteCounts are added for these unless fields already have them. */
	strips: Buffer[];
}

export interface BuiltTiff {
	tiff: Buffer;
	directoryOffsets: number[];
	/** Where each directory's next-directory offset is written. */
	nextPointerOffsets: number[];
}

const FIELD_BYTES = { [SHORT]: 2, [LONG]: 4, [RATIONAL]: 4 };

export function buildTiff(pages: TiffPageSpec[], options: { bigEndian?: boolean } = {}): BuiltTiff {
	const bigEndian = options.bigEndian ?? false;
	const parts: Buffer[] = [];
	let size = 0;
	const append = (part: Buffer) => {
		const offset = size;
		parts.push(part);
		size += part.length;
		return offset;
	};
	const header = Buffer.alloc(8);
	header.write(bigEndian ? 'MM' : 'II', 0, 'latin1');
	writeU16(header, 2, 42, bigEndian);
	append(header);

	const directoryOffsets: number[] = [];
	const nextPointerOffsets: number[] = [];
	for (const page of pages) {
		const stripOffsets = page.strips.map((strip) => append(strip));
		const fields = [...page.fields];
		if (!fields.some((field) => field.tag === 273)) fields.push({ tag: 273, type: LONG, values: stripOffsets });
		if (!fields.some((field) => field.tag === 279)) fields.push({ tag: 279, type: LONG, values: page.strips.map((strip) => strip.length) });
		fields.sort((a, b) => a.tag - b.tag);

		const directoryOffset = size;
		const directoryLength = 2 + fields.length * 12 + 4;
		const directory = Buffer.alloc(directoryLength);
		writeU16(directory, 0, fields.length, bigEndian);
		const values: Buffer[] = [];
		let valuesOffset = directoryOffset + directoryLength;
		fields.forEach((field, index) => {
			const entry = 2 + index * 12;
			const bytes = Buffer.alloc(field.values.length * FIELD_BYTES[field.type]);
			field.values.forEach((value, position) => {
				if (field.type === SHORT) writeU16(bytes, position * 2, value, bigEndian);
				else writeU32(bytes, position * 4, value, bigEndian);
			});
			const count = field.type === RATIONAL ? field.values.length / 2 : field.values.length;
			writeU16(directory, entry, field.tag, bigEndian);
			writeU16(directory, entry + 2, field.type, bigEndian);
			writeU32(directory, entry + 4, field.declaredCount ?? count, bigEndian);
			if (bytes.length <= 4) {
				bytes.copy(directory, entry + 8);
			} else {
				writeU32(directory, entry + 8, valuesOffset, bigEndian);
				values.push(bytes);
				valuesOffset += bytes.length;
			}
		});
		append(directory);
		for (const value of values) append(value);
		directoryOffsets.push(directoryOffset);
		nextPointerOffsets.push(directoryOffset + directoryLength - 4);
	}
	const tiff = Buffer.concat(parts, size);
	writeU32(tiff, 4, directoryOffsets[0] ?? 0, bigEndian);
	directoryOffsets.slice(1).forEach((offset, index) => writeU32(tiff, nextPointerOffsets[index], offset, bigEndian));
	return { tiff, directoryOffsets, nextPointerOffsets };
}

/** The fields of a one-strip-per-`rowsPerStrip` bilevel page at 204 × 196 dpi. */
export function bilevelFields(width: number, height: number, compression: number, extra: readonly TiffField[] = [], rowsPerStrip = height): TiffField[] {
	const fields: TiffField[] = [
		{ tag: 256, type: LONG, values: [width] },
		{ tag: 257, type: LONG, values: [height] },
		{ tag: 258, type: SHORT, values: [1] },
		{ tag: 259, type: SHORT, values: [compression] },
		{ tag: 262, type: SHORT, values: [0] },
		{ tag: 277, type: SHORT, values: [1] },
		{ tag: 278, type: LONG, values: [rowsPerStrip] },
		{ tag: 282, type: RATIONAL, values: [204, 1] },
		{ tag: 283, type: RATIONAL, values: [196, 1] },
		{ tag: 296, type: SHORT, values: [2] },
	];
	const replaced = new Set(extra.map((field) => field.tag));
	return [...fields.filter((field) => !replaced.has(field.tag)), ...extra];
}

export function writeU16(buffer: Buffer, offset: number, value: number, bigEndian = false): void {
	if (bigEndian) buffer.writeUInt16BE(value, offset);
	else buffer.writeUInt16LE(value, offset);
}

export function writeU32(buffer: Buffer, offset: number, value: number, bigEndian = false): void {
	if (bigEndian) buffer.writeUInt32BE(value, offset);
	else buffer.writeUInt32LE(value, offset);
}

/**
 * PackBits as TIFF defines it, one row at a time: repeats of 2 or more, literals of up to 128
 * bytes. With `noOpBeforeEachRun`, each run is preceded by the no-op length byte 128, which
 * libtiff skips and which is the end-of-data marker in PDF's RunLengthDecode.
 */
export function packBits(rows: Buffer[], noOpBeforeEachRun = false): Buffer {
	const output: number[] = [];
	for (const row of rows) {
		let position = 0;
		while (position < row.length) {
			if (noOpBeforeEachRun) output.push(128);
			let repeat = 1;
			while (repeat < 128 && position + repeat < row.length && row[position + repeat] === row[position]) repeat++;
			if (repeat >= 2) {
				output.push(257 - repeat, row[position]);
				position += repeat;
				continue;
			}
			let literal = 1;
			while (literal < 128 && position + literal < row.length && row[position + literal] !== row[position + literal - 1]) literal++;
			output.push(literal - 1, ...row.subarray(position, position + literal));
			position += literal;
		}
	}
	return Buffer.from(output);
}
