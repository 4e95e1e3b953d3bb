import { convertTiffToPdf } from '../../../nodes/FaxCore/tiffToPdf';
import { bilevelFields, buildTiff, LONG, SHORT, type TiffField } from '../../support/tiffBuilder';

/** The PDF as text, with each object's body by number, read through its cross-reference table. */
function readPdf(tiff: Buffer) {
	const text = Buffer.concat(convertTiffToPdf(tiff).chunks).toString('latin1');
	const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
	const table = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt));
	if (!table) throw new Error('no cross-reference table at startxref');
	const objects = new Map<number, string>();
	for (let number = 1; number < Number(table[1]); number++) {
		const entryAt = xrefAt + table[0].length + number * 20;
		const offset = Number(text.slice(entryAt, entryAt + 10));
		expect(text.slice(offset).startsWith(`${number} 0 obj\n`)).toBe(true);
		objects.set(number, text.slice(offset, text.indexOf('\nendobj\n', offset)));
	}
	return { text, objects: [...objects.values()] };
}

const streamBytes = (object: string) => {
	const length = Number(/\/Length (\d+) >>\nstream\n/.exec(object)?.[1]);
	return Buffer.from(object.slice(object.indexOf('stream\n') + 7, object.indexOf('stream\n') + 7 + length), 'latin1');
};

const ccittPage = (compression: number, extra: readonly TiffField[] = [], rowsPerStrip = 4) => ({
	fields: bilevelFields(16, 4, compression, extra, rowsPerStrip),
	strips: Array.from({ length: Math.ceil(4 / rowsPerStrip) }, () => Buffer.from([0x00, 0x01, 0x99])),
});

describe('the PDF convertTiffToPdf writes', () => {
	it('has a cross-reference table whose every offset points at its object', () => {
		const { objects } = readPdf(buildTiff([ccittPage(4), ccittPage(3, [], 1)]).tiff);
		expect(objects.filter((object) => object.includes('/Type /Page ')).length).toBe(2);
	});

	it.each([
		['G3 1-D', 3, [], '/K 0 /Columns 16 /Rows 4 /EndOfBlock false'],
		['G3 2-D', 3, [{ tag: 292, type: LONG, values: [1] }], '/K 4 /Columns 16 /Rows 4 /EndOfBlock false'],
		['G3 2-D with fill bits', 3, [{ tag: 292, type: LONG, values: [5] }], '/K 4 /Columns 16 /Rows 4 /EndOfBlock false'],
		['G4', 4, [], '/K -1 /Columns 16 /Rows 4 /EndOfBlock false'],
		['G4 BlackIsZero', 4, [{ tag: 262, type: SHORT, values: [1] }], '/K -1 /Columns 16 /Rows 4 /EndOfBlock false /BlackIs1 true'],
	] as const)('passes %s data untouched with its CCITT parameters', (_name, compression, extra, parameters) => {
		const { objects } = readPdf(buildTiff([ccittPage(compression, extra)]).tiff);
		const image = objects.find((object) => object.includes('/CCITTFaxDecode'))!;
		expect(image).toContain(`/DecodeParms << ${parameters} >>`);
		expect([...streamBytes(image)]).toEqual([0x00, 0x01, 0x99]);
	});

	it('ends PackBits data with the RunLengthDecode end-of-data byte, and keeps WhiteIsZero white', () => {
		const { objects } = readPdf(buildTiff([{ fields: bilevelFields(16, 4, 32773), strips: [Buffer.from([0xf9, 0x0f])] }]).tiff);
		const image = objects.find((object) => object.includes('/RunLengthDecode'))!;
		expect(image).toContain('/Decode [1 0]');
		expect([...streamBytes(image)]).toEqual([0xf9, 0x0f, 128]);
	});

	it('places the strips of a page one under another, covering the page exactly', () => {
		const { objects } = readPdf(buildTiff([ccittPage(4, [], 1)]).tiff);
		const contents = objects.find((object) => object.includes('cm /I0 Do'))!;
		const placements = [...contents.matchAll(/q ([\d.]+) 0 0 ([\d.]+) 0 ([\d.]+) cm \/I(\d) Do Q/g)].map((match) => match.slice(1).map(Number));
		const rowHeight = (1 / 196) * 72;
		const pageHeight = Number((4 * rowHeight).toFixed(4));
		expect(placements.map(([width, , , image]) => [width, image])).toEqual([0, 1, 2, 3].map((image) => [Number(((16 / 204) * 72).toFixed(4)), image]));
		placements.forEach(([, height, y], index) => {
			expect(height).toBeCloseTo(rowHeight, 3);
			// Each strip's top edge is the bottom edge of the one above, to the digit: no seam, no overlap.
			const topEdge = index === 0 ? pageHeight : placements[index - 1][2];
			expect(y + height).toBeCloseTo(topEdge, 9);
		});
		expect(placements[3][2]).toBe(0);
		expect(objects.find((object) => object.includes('/MediaBox'))).toContain(`/MediaBox [0 0 ${Number(((16 / 204) * 72).toFixed(4))} ${pageHeight}]`);
	});
});
