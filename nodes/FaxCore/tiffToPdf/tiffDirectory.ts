import { pageError, TiffConversionError } from './TiffConversionError';
import type { TiffLimits } from './tiffLimits';

/** The baseline and fax tags the converter reads; every other tag is skipped unread. */
export const Tag = {
	ImageWidth: 256,
	ImageLength: 257,
	BitsPerSample: 258,
	Compression: 259,
	PhotometricInterpretation: 262,
	FillOrder: 266,
	StripOffsets: 273,
	SamplesPerPixel: 277,
	RowsPerStrip: 278,
	StripByteCounts: 279,
	XResolution: 282,
	YResolution: 283,
	T4Options: 292,
	T6Options: 293,
	ResolutionUnit: 296,
	TileWidth: 322,
} as const;

const TAG_NAMES = new Map<number, string>(Object.entries(Tag).map(([name, tag]) => [tag, name]));

const HEADER_BYTES = 8;
const ENTRY_BYTES = 12;
const TYPE_BYTE = 1;
const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_RATIONAL = 5;
/** Sizes of TIFF 6.0 field types 1 to 12. */
const TYPE_SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

interface TiffEntry {
	type: number;
	count: number;
	/** Where the entry's 4-byte value-or-offset field is. */
	fieldOffset: number;
}

/** The file's bytes read in its own byte order, every read checked against the file's end. */
class TiffBytes {
	constructor(
		readonly data: Buffer,
		private readonly littleEndian: boolean,
	) {}

	u16(offset: number): number {
		return this.littleEndian ? this.data.readUInt16LE(offset) : this.data.readUInt16BE(offset);
	}

	u32(offset: number): number {
		return this.littleEndian ? this.data.readUInt32LE(offset) : this.data.readUInt32BE(offset);
	}

	holds(offset: number, length: number): boolean {
		return offset >= 0 && length >= 0 && offset + length <= this.data.length;
	}
}

/** One page's directory (IFD): typed access to the tags, each value checked to lie inside the file. */
export class TiffDirectory {
	constructor(
		private readonly bytes: TiffBytes,
		readonly pageNumber: number,
		private readonly entries: Map<number, TiffEntry>,
	) {}

	has(tag: number): boolean {
		return this.entries.has(tag);
	}

	/** The first value of an integer tag, or undefined when the tag is absent. */
	integer(tag: number): number | undefined {
		const entry = this.entries.get(tag);
		if (!entry || entry.count === 0) return undefined;
		return this.integerAt(tag, entry, this.valueOffset(tag, entry), 0);
	}

	/** All values of an integer tag; refuses more than maxCount of them before reading any. */
	integers(tag: number, maxCount: number): number[] {
		const entry = this.entries.get(tag);
		if (!entry) return [];
		if (entry.count > maxCount) {
			throw pageError(this.pageNumber, `its ${tagName(tag)} tag declares ${entry.count} values, more than the ${maxCount} accepted`);
		}
		const offset = this.valueOffset(tag, entry);
		const values = new Array<number>(entry.count);
		for (let index = 0; index < entry.count; index++) values[index] = this.integerAt(tag, entry, offset, index);
		return values;
	}

	/** A RATIONAL tag as a number; undefined when absent or when its denominator is 0. */
	rational(tag: number): number | undefined {
		const entry = this.entries.get(tag);
		if (!entry || entry.count === 0) return undefined;
		if (entry.type !== TYPE_RATIONAL) {
			// Some writers store a resolution as a plain integer.
			return this.integer(tag);
		}
		const offset = this.valueOffset(tag, entry);
		const denominator = this.bytes.u32(offset + 4);
		return denominator === 0 ? undefined : this.bytes.u32(offset) / denominator;
	}

	private integerAt(tag: number, entry: TiffEntry, offset: number, index: number): number {
		if (entry.type === TYPE_SHORT) return this.bytes.u16(offset + 2 * index);
		if (entry.type === TYPE_LONG) return this.bytes.u32(offset + 4 * index);
		if (entry.type === TYPE_BYTE) return this.bytes.data[offset + index];
		throw pageError(this.pageNumber, `its ${tagName(tag)} tag has field type ${entry.type}, not an integer type`);
	}

	private valueOffset(tag: number, entry: TiffEntry): number {
		const length = entry.count * (TYPE_SIZES[entry.type] ?? 0);
		if (length === 0) {
			throw pageError(this.pageNumber, `its ${tagName(tag)} tag has an unknown field type ${entry.type}`);
		}
		const offset = length <= 4 ? entry.fieldOffset : this.bytes.u32(entry.fieldOffset);
		if (!this.bytes.holds(offset, length)) {
			throw pageError(
				this.pageNumber,
				`its ${tagName(tag)} tag points to bytes ${offset}–${offset + length} of a ${this.bytes.data.length}-byte file (truncated or damaged)`,
			);
		}
		return offset;
	}
}

function tagName(tag: number): string {
	return TAG_NAMES.get(tag) ?? `tag ${tag}`;
}

/**
 * Walks the chain of page directories. Refuses a chain that loops, leaves the file or runs past
 * maxPages before reading any strip.
 */
export function readTiffDirectories(tiff: Buffer, limits: TiffLimits): TiffDirectory[] {
	if (tiff.length < HEADER_BYTES) {
		throw new TiffConversionError(`The file is too short to be a TIFF (${tiff.length} bytes).`);
	}
	const order = tiff.toString('latin1', 0, 2);
	if (order !== 'II' && order !== 'MM') {
		throw new TiffConversionError('The file does not start with a TIFF header (II or MM).');
	}
	const bytes = new TiffBytes(tiff, order === 'II');
	const version = bytes.u16(2);
	if (version === 43) throw new TiffConversionError('BigTIFF files are not supported, only classic TIFF.');
	if (version !== 42) throw new TiffConversionError(`The file has an unknown TIFF version ${version} (42 expected).`);

	const directories: TiffDirectory[] = [];
	const pageAt = new Map<number, number>();
	let offset = bytes.u32(4);
	while (offset !== 0) {
		const pageNumber = directories.length + 1;
		if (pageNumber > limits.maxPages) {
			throw new TiffConversionError(`The TIFF has more than ${limits.maxPages} pages, the most that is converted.`);
		}
		const earlierPage = pageAt.get(offset);
		if (earlierPage !== undefined) {
			throw new TiffConversionError(
				`The TIFF is damaged: page ${pageNumber - 1} links back to the directory of page ${earlierPage}, a loop.`,
			);
		}
		pageAt.set(offset, pageNumber);
		if (!bytes.holds(offset, 2)) {
			throw new TiffConversionError(
				`The TIFF is truncated: page ${pageNumber} would start at byte ${offset}, past the end of the ${tiff.length}-byte file.`,
			);
		}
		const tagCount = bytes.u16(offset);
		if (tagCount > limits.maxTagsPerPage) {
			throw pageError(pageNumber, `its directory declares ${tagCount} tags, more than the ${limits.maxTagsPerPage} accepted`);
		}
		const nextOffsetField = offset + 2 + tagCount * ENTRY_BYTES;
		if (!bytes.holds(offset, 2 + tagCount * ENTRY_BYTES + 4)) {
			throw new TiffConversionError(
				`The TIFF is truncated: the directory of page ${pageNumber} runs past the end of the ${tiff.length}-byte file.`,
			);
		}
		const entries = new Map<number, TiffEntry>();
		for (let index = 0; index < tagCount; index++) {
			const entryOffset = offset + 2 + index * ENTRY_BYTES;
			const tag = bytes.u16(entryOffset);
			if (entries.has(tag)) continue;
			entries.set(tag, { type: bytes.u16(entryOffset + 2), count: bytes.u32(entryOffset + 4), fieldOffset: entryOffset + 8 });
		}
		directories.push(new TiffDirectory(bytes, pageNumber, entries));
		offset = bytes.u32(nextOffsetField);
	}
	if (directories.length === 0) throw new TiffConversionError('The TIFF has no pages.');
	return directories;
}
