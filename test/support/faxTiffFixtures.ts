import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** The commands the TIFF fixtures are made and checked with, and their Debian packages. */
export const FAX_IMAGE_TOOLS: Record<string, string> = {
	tiffcp: 'libtiff-tools',
	tiffset: 'libtiff-tools',
	tiffinfo: 'libtiff-tools',
	tiff2pdf: 'libtiff-tools',
	pnmtotiff: 'netpbm',
	tifftopnm: 'netpbm',
	pdftoppm: 'poppler-utils',
	pdfinfo: 'poppler-utils',
	qpdf: 'qpdf',
};

/** A bilevel image, rows packed most significant bit first as in PBM: 1 is black. */
export interface Bitmap {
	width: number;
	height: number;
	bits: Buffer;
}

const rowBytes = (width: number) => Math.ceil(width / 8);

export function blankBitmap(width: number, height: number): Bitmap {
	return { width, height, bits: Buffer.alloc(rowBytes(width) * height) };
}

export function pixel(bitmap: Bitmap, x: number, y: number): number {
	return (bitmap.bits[y * rowBytes(bitmap.width) + (x >> 3)] >> (7 - (x & 7))) & 1;
}

function setBlack(bitmap: Bitmap, x: number, y: number): void {
	if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) return;
	bitmap.bits[y * rowBytes(bitmap.width) + (x >> 3)] |= 0x80 >> (x & 7);
}

/**
 * A fax-like page: a black frame on all four edges, both diagonals, lines of glyph-like blocks
 * (runs of every length, text's mix of short and long codes) and a solid block against the right
 * edge. `seed` varies the glyphs so the pages of one file differ.
 */
export function drawFaxPage(width: number, height: number, seed: number): Bitmap {
	const page = blankBitmap(width, height);
	let state = seed * 7919 + 17;
	const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	for (let x = 0; x < width; x++) {
		setBlack(page, x, 0);
		setBlack(page, x, height - 1);
	}
	for (let y = 0; y < height; y++) {
		setBlack(page, 0, y);
		setBlack(page, width - 1, y);
	}
	const glyphHeight = Math.max(4, Math.round(height / 70));
	for (let top = 3 * glyphHeight; top < height - 6 * glyphHeight; top += 2 * glyphHeight) {
		for (let left = 20 + Math.floor(random() * 30); left < width - 40; ) {
			const glyphWidth = 4 + Math.floor(random() * glyphHeight);
			for (let y = 0; y < glyphHeight; y++) {
				for (let x = 0; x < glyphWidth; x++) if (random() < 0.45 || y === glyphHeight - 1) setBlack(page, left + x, top + y);
			}
			left += glyphWidth + 3 + Math.floor(random() * 2 * glyphHeight);
		}
	}
	for (let t = 0; t < Math.min(width, height); t++) {
		setBlack(page, t, t);
		setBlack(page, width - 1 - t, t);
	}
	for (let y = height - 4 * glyphHeight; y < height - 2 * glyphHeight; y++) {
		for (let x = width - Math.floor(width / 5); x < width; x++) setBlack(page, x, y);
	}
	return page;
}

export function toPbm(bitmap: Bitmap): Buffer {
	return Buffer.concat([Buffer.from(`P4\n${bitmap.width} ${bitmap.height}\n`, 'latin1'), bitmap.bits]);
}

/** Reads the one or more raw (P4) PBM images of a netpbm stream. */
export function parsePbms(stream: Buffer): Bitmap[] {
	const images: Bitmap[] = [];
	let position = 0;
	const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
	const token = () => {
		while (isSpace(stream[position]) || stream[position] === 0x23) {
			if (stream[position] === 0x23) while (stream[position] !== 0x0a) position++;
			else position++;
		}
		const start = position;
		while (position < stream.length && !isSpace(stream[position])) position++;
		return stream.toString('latin1', start, position);
	};
	while (position < stream.length) {
		const magic = token();
		if (magic === '') break;
		if (magic !== 'P4') throw new Error(`Expected a raw PBM image (P4), found ${magic}`);
		const width = Number(token());
		const height = Number(token());
		position++;
		const length = rowBytes(width) * height;
		images.push({ width, height, bits: stream.subarray(position, position + length) });
		position += length;
	}
	return images;
}

export function differingPixels(expected: Bitmap, actual: Bitmap): number {
	if (expected.width !== actual.width || expected.height !== actual.height) {
		throw new Error(`Size differs: expected ${expected.width} × ${expected.height}, got ${actual.width} × ${actual.height}`);
	}
	const bytesPerRow = rowBytes(expected.width);
	// The bits after the last pixel of a row are padding: never compared.
	const lastByteMask = (0xff00 >> (expected.width - 8 * (bytesPerRow - 1))) & 0xff;
	let differing = 0;
	for (let row = 0; row < expected.height; row++) {
		for (let column = 0; column < bytesPerRow; column++) {
			const index = row * bytesPerRow + column;
			let different = expected.bits[index] ^ actual.bits[index];
			if (column === bytesPerRow - 1) different &= lastByteMask;
			for (; different; different &= different - 1) differing++;
		}
	}
	return differing;
}

/** Nearest-pixel reduction: keeps the centre pixel of each factorX × factorY block. */
function sampleBlocks(image: Bitmap, factorX: number, factorY: number): Bitmap {
	const sampled = blankBitmap(Math.floor(image.width / factorX), Math.floor(image.height / factorY));
	for (let y = 0; y < sampled.height; y++) {
		for (let x = 0; x < sampled.width; x++) {
			if (pixel(image, x * factorX + (factorX >> 1), y * factorY + (factorY >> 1))) setBlack(sampled, x, y);
		}
	}
	return sampled;
}

export interface TiffOptions {
	photometric?: 'miniswhite' | 'minisblack';
	/** Omitted: no resolution tags at all. */
	resolution?: { x: number; y: number };
	/** Passed to tiffcp: -c g4, -r 16, -f lsb2msb, -B... */
	tiffcp?: string[];
}

/** A temporary folder where fixtures are made with the real tools. */
export class FixtureFolder {
	readonly path = mkdtempSync(join(tmpdir(), 'fax-tiff-'));
	private counter = 0;

	file(name: string): string {
		return join(this.path, name);
	}

	/** A TIFF of one or more pages: pnmtotiff per page, then tiffcp with the options. */
	makeTiff(pages: Bitmap[], options: TiffOptions = {}): Buffer {
		const id = this.counter++;
		const pageFiles = pages.map((page, index) => {
			const pbm = this.file(`page-${id}-${index}.pbm`);
			writeFileSync(pbm, toPbm(page));
			const args = [`-${options.photometric ?? 'miniswhite'}`];
			if (options.resolution) args.push('-xresolution', String(options.resolution.x), '-yresolution', String(options.resolution.y));
			const tiff = this.file(`page-${id}-${index}.tif`);
			writeFileSync(tiff, execFileSync('pnmtotiff', [...args, pbm], { stdio: ['ignore', 'pipe', 'pipe'] }));
			return tiff;
		});
		const output = this.file(`fixture-${id}.tif`);
		execFileSync('tiffcp', [...(options.tiffcp ?? []), ...pageFiles, output], { stdio: 'pipe' });
		return readFileSync(output);
	}

	/** A TIFF from any netpbm image (PBM, PGM, PPM), then through tiffcp with the options. */
	tiffFromNetpbm(image: Buffer, tiffcp: string[] = []): Buffer {
		// -truecolor: RGB, never a palette, whatever the number of colours.
		const id = this.counter++;
		const input = this.file(`netpbm-${id}.pnm`);
		writeFileSync(input, image);
		const plain = this.file(`netpbm-${id}.tif`);
		writeFileSync(plain, execFileSync('pnmtotiff', ['-truecolor', input], { stdio: ['ignore', 'pipe', 'pipe'] }));
		const output = this.file(`netpbm-${id}-out.tif`);
		execFileSync('tiffcp', [...tiffcp, plain, output], { stdio: 'pipe' });
		return readFileSync(output);
	}

	/** One multi-page TIFF of the pages of several, each page kept as it is coded. */
	combineTiffs(tiffs: Buffer[]): Buffer {
		const id = this.counter++;
		const inputs = tiffs.map((tiff, index) => {
			const input = this.file(`part-${id}-${index}.tif`);
			writeFileSync(input, tiff);
			return input;
		});
		const output = this.file(`combined-${id}.tif`);
		execFileSync('tiffcp', [...inputs, output], { stdio: 'pipe' });
		return readFileSync(output);
	}

	/** The TIFF with tags of its first page set by tiffset (tag number → value). */
	setTags(tiff: Buffer, tags: Record<number, string>): Buffer {
		const file = this.file(`tagged-${this.counter++}.tif`);
		writeFileSync(file, tiff);
		for (const [tag, value] of Object.entries(tags)) execFileSync('tiffset', ['-s', tag, value, file], { stdio: 'pipe' });
		return readFileSync(file);
	}

	/** Every page of a TIFF as libtiff decodes it (netpbm's tifftopnm). */
	tiffPages(tiff: Buffer): Bitmap[] {
		const input = this.file(`decode-${this.counter++}.tif`);
		writeFileSync(input, tiff);
		return parsePbms(execFileSync('tifftopnm', [input], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }));
	}

	/**
	 * Every page of a PDF as poppler draws it, one pixel per TIFF pixel at the given resolution.
	 * Poppler smooths an image drawn at 1:1 (its pixels come out blended and dithered), but draws
	 * one enlarged 4 times or more with plain pixel replication: so the page is drawn at 4 times
	 * the resolution and the centre of each 4 × 4 block is kept.
	 */
	pdfPages(pdf: Buffer, xDpi: number, yDpi: number): Bitmap[] {
		const id = this.counter++;
		const input = this.file(`render-${id}.pdf`);
		writeFileSync(input, pdf);
		const prefix = this.file(`render-${id}`);
		const render = spawnSync('pdftoppm', ['-mono', '-rx', String(4 * xDpi), '-ry', String(4 * yDpi), input, prefix]);
		// Poppler repairs a damaged file silently but for a line on stderr: any line fails the check.
		if (render.status !== 0 || render.stderr.length > 0) throw new Error(`pdftoppm failed or complained: ${render.stderr.toString()}`);
		return readdirSync(this.path)
			.filter((name) => name.startsWith(`render-${id}-`) && name.endsWith('.pbm'))
			.sort((a, b) => pageIndex(a) - pageIndex(b))
			.map((name) => sampleBlocks(parsePbms(readFileSync(this.file(name)))[0], 4, 4));
	}

	/** tiffinfo's description of every page: what the fixture really is. */
	tiffInfo(tiff: Buffer): string {
		const input = this.file(`info-${this.counter++}.tif`);
		writeFileSync(input, tiff);
		return execFileSync('tiffinfo', [input], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
	}

	/** libtiff's own conversion (tiff2pdf), the reference for page sizes. */
	tiff2pdf(tiff: Buffer): Buffer {
		const id = this.counter++;
		const input = this.file(`reference-${id}.tif`);
		writeFileSync(input, tiff);
		const output = this.file(`reference-${id}.pdf`);
		execFileSync('tiff2pdf', ['-o', output, input], { stdio: 'pipe' });
		return readFileSync(output);
	}

	/** qpdf's structural check (cross-reference offsets, stream lengths, object syntax): its complaints, or ''. */
	pdfStructureProblems(pdf: Buffer): string {
		const input = this.file(`check-${this.counter++}.pdf`);
		writeFileSync(input, pdf);
		const check = spawnSync('qpdf', ['--check', input]);
		return check.status === 0 ? '' : `${check.stdout.toString()}${check.stderr.toString()}`;
	}

	/** pdfinfo's page count and first page size, in points. */
	pdfInfo(pdf: Buffer): { pages: number; widthPoints: number; heightPoints: number } {
		const input = this.file(`info-${this.counter++}.pdf`);
		writeFileSync(input, pdf);
		const info = execFileSync('pdfinfo', [input], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
		const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
		const pages = /Pages:\s+(\d+)/.exec(info);
		if (!size || !pages) throw new Error(`pdfinfo gave no page count or size:\n${info}`);
		return { pages: Number(pages[1]), widthPoints: Number(size[1]), heightPoints: Number(size[2]) };
	}

	remove(): void {
		rmSync(this.path, { recursive: true, force: true });
	}
}

const pageIndex = (fileName: string) => Number(/-(\d+)\.pbm$/.exec(fileName)?.[1]);
