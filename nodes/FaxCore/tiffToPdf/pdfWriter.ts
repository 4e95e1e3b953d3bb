/** The PDF as the chunks it was written in; image data chunks may be views into the TIFF. */
export interface ConvertedPdf {
	chunks: Buffer[];
	size: number;
	pages: number;
}

const XREF_ENTRY_BYTES = 20;
/** Shared by every stream: a CCITT page can have thousands of strips, each its own stream. */
const STREAM_END = Buffer.from('\nendstream\nendobj\n', 'latin1');

/**
 * A minimal PDF 1.4 writer: numbered objects appended in order, then the cross-reference table.
 * Stream data is kept as given, never copied.
 */
export class PdfWriter {
	private readonly chunks: Buffer[] = [];
	private size = 0;
	/** Byte offset of each object, by object number - 1; -1 until written. */
	private readonly objectOffsets: number[] = [];

	constructor() {
		// The binary comment line tells transfer tools the file is not text.
		this.append(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
	}

	/** Takes an object number to refer to before the object is written. */
	reserve(): number {
		this.objectOffsets.push(-1);
		return this.objectOffsets.length;
	}

	writeObject(objectNumber: number, body: string): void {
		this.startObject(objectNumber);
		this.append(Buffer.from(`${objectNumber} 0 obj\n${body}\nendobj\n`, 'latin1'));
	}

	/** `dictionary` is the stream's dictionary entries without `/Length`, which is added here. */
	writeStream(objectNumber: number, dictionary: string, data: Buffer[]): void {
		this.startObject(objectNumber);
		const length = data.reduce((total, chunk) => total + chunk.length, 0);
		this.append(Buffer.from(`${objectNumber} 0 obj\n<< ${dictionary} /Length ${length} >>\nstream\n`, 'latin1'));
		for (const chunk of data) this.append(chunk);
		this.append(STREAM_END);
	}

	finish(catalogNumber: number, pages: number): ConvertedPdf {
		const xrefOffset = this.size;
		const entries = Buffer.alloc((this.objectOffsets.length + 1) * XREF_ENTRY_BYTES);
		entries.write('0000000000 65535 f\r\n', 0, 'latin1');
		this.objectOffsets.forEach((offset, index) => {
			if (offset < 0) throw new Error(`PDF object ${index + 1} was reserved but never written`);
			entries.write(`${String(offset).padStart(10, '0')} 00000 n\r\n`, (index + 1) * XREF_ENTRY_BYTES, 'latin1');
		});
		this.append(Buffer.from(`xref\n0 ${this.objectOffsets.length + 1}\n`, 'latin1'));
		this.append(entries);
		this.append(
			Buffer.from(
				`trailer\n<< /Size ${this.objectOffsets.length + 1} /Root ${catalogNumber} 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`,
				'latin1',
			),
		);
		return { chunks: this.chunks, size: this.size, pages };
	}

	private startObject(objectNumber: number): void {
		this.objectOffsets[objectNumber - 1] = this.size;
	}

	private append(chunk: Buffer): void {
		this.chunks.push(chunk);
		this.size += chunk.length;
	}
}

/** A number as PDF writes it: at most 4 decimals, no exponent. */
export function pdfNumber(value: number): string {
	return String(Math.round(value * 10_000) / 10_000);
}
