// @ts-check
/**
 * Cost of the TIFF → PDF conversion of a received fax against copying the same bytes once
 * (`Buffer.from(tiff)`), measured side by side in one process: time per page and memory the
 * PDF holds. Realistic faxes made with libtiff's tiffcp from drawn text-like pages:
 * 10 fine-resolution G4 pages (one strip each), 10 normal-resolution G3 pages in strips of 128
 * rows with FillOrder 2 (bit-reversed on the way), the same G3 pages in FillOrder 1. Needs
 * libtiff-tools and netpbm; run with `node --expose-gc test/bench/tiffToPdf.js` after a build.
 * BENCH_TIFF_ROUNDS (default 7) rounds give the run-to-run spread.
 */
const { execFileSync } = require('child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('fs');
const os = require('os');
const path = require('path');

const { convertTiffToPdf } = require('../../dist/nodes/FaxCore/tiffToPdf/index.js');
const { median, formatTable } = require('./stats.js');

const ROUNDS = Number(process.env.BENCH_TIFF_ROUNDS ?? 7);
const REPEATS_PER_ROUND = 60;
const PAGES = 10;
const FAXES = [
	{ label: 'G4 fine, 1 strip/page', width: 1728, height: 2156, dpi: [204, 196], tiffcp: ['-c', 'g4', '-r', '2156'] },
	{ label: 'G3 normal, 128-row strips, FillOrder 2', width: 1728, height: 1078, dpi: [204, 98], tiffcp: ['-c', 'g3', '-r', '128', '-f', 'lsb2msb'] },
	{ label: 'G3 normal, 128-row strips, FillOrder 1', width: 1728, height: 1078, dpi: [204, 98], tiffcp: ['-c', 'g3', '-r', '128'] },
];

/** A page of text-like glyph rows with a frame, as P4 PBM; the seed varies the text. */
function textPage(width, height, seed) {
	const bytesPerRow = Math.ceil(width / 8);
	const bits = Buffer.alloc(bytesPerRow * height);
	const black = (x, y) => (bits[y * bytesPerRow + (x >> 3)] |= 0x80 >> (x & 7));
	let state = seed * 7919 + 17;
	const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	for (let x = 0; x < width; x++) black(x, 0), black(x, height - 1);
	for (let y = 0; y < height; y++) black(0, y), black(width - 1, y);
	const glyph = Math.round(height / 80);
	for (let top = 4 * glyph; top < height - 4 * glyph; top += 2 * glyph) {
		for (let left = 100 + Math.floor(random() * 40); left < width - 120; ) {
			const glyphWidth = Math.floor(glyph * (0.4 + random() * 0.5));
			const bar = Math.floor(random() * glyph);
			// A stem, a bar and a base line: letter-like strokes, as much ink as printed text.
			for (let y = 0; y < glyph; y++) {
				for (let x = 0; x < glyphWidth; x++) if (x < 2 || y === bar || y === glyph - 1) black(left + x, top + y);
			}
			left += glyphWidth + 2 + (random() < 0.15 ? glyph : 0);
		}
	}
	return Buffer.concat([Buffer.from(`P4\n${width} ${height}\n`), bits]);
}

function makeFax(folder, fax) {
	const pages = Array.from({ length: PAGES }, (_, index) => {
		const pbm = path.join(folder, `page-${index}.pbm`);
		writeFileSync(pbm, textPage(fax.width, fax.height, index + 1));
		const tiff = path.join(folder, `page-${index}.tif`);
		const args = ['-miniswhite', '-xresolution', String(fax.dpi[0]), '-yresolution', String(fax.dpi[1]), pbm];
		writeFileSync(tiff, execFileSync('pnmtotiff', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
		return tiff;
	});
	const output = path.join(folder, 'fax.tif');
	execFileSync('tiffcp', [...fax.tiffcp, ...pages, output], { stdio: 'pipe' });
	return readFileSync(output);
}

const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function timeOnce(work) {
	const start = process.hrtime.bigint();
	const result = work();
	return { ms: elapsedMs(start), result };
}

const HELD_RESULTS = 10;

/**
 * Bytes a call's result keeps alive: HELD_RESULTS results held at once, measured between two full
 * GCs, per result. For the conversion this is its peak too, within a few kilobytes: all it
 * allocates is part of the PDF it returns, apart from small strings and tag arrays.
 */
async function retained(work) {
	const before = await settledMemory();
	const results = Array.from({ length: HELD_RESULTS }, work);
	const after = await settledMemory();
	if (results.length !== HELD_RESULTS) throw new Error('unreachable');
	return (after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)) / HELD_RESULTS;
}

/** Memory after full GCs, with a turn of the event loop for V8 to release freed buffers' memory. */
async function settledMemory() {
	if (!global.gc) throw new Error('Run with node --expose-gc');
	for (let pass = 0; pass < 2; pass++) {
		global.gc();
		await new Promise((resolve) => setImmediate(resolve));
	}
	return process.memoryUsage();
}

async function measure(tiff) {
	const ratios = [];
	const perPage = [];
	const copies = [];
	for (let round = 0; round < ROUNDS; round++) {
		const convert = [];
		const copy = [];
		for (let repeat = 0; repeat < REPEATS_PER_ROUND; repeat++) {
			copy.push(timeOnce(() => Buffer.from(tiff)).ms);
			const converted = timeOnce(() => convertTiffToPdf(tiff));
			if (converted.result.pages !== PAGES) throw new Error(`Converted ${converted.result.pages} pages, not ${PAGES}`);
			convert.push(converted.ms);
		}
		perPage.push(median(convert) / PAGES);
		copies.push(median(copy));
		ratios.push(median(convert) / median(copy));
	}
	const memory = [];
	for (let run = 0; run < 5; run++) {
		memory.push((await retained(() => convertTiffToPdf(tiff))) / (await retained(() => Buffer.from(tiff))));
	}
	return { perPage, copies, ratios, memory };
}

async function main() {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-tiff-'));
	const rows = [];
	try {
		for (const fax of FAXES) {
			const tiff = makeFax(folder, fax);
			const pdfBytes = convertTiffToPdf(tiff).size;
			const { perPage, copies, ratios, memory } = await measure(tiff);
			const spread = (values, digits) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
			rows.push([
				fax.label,
				`${(tiff.length / 1024).toFixed(0)} KB`,
				`${(pdfBytes / tiff.length).toFixed(3)}×`,
				median(perPage).toFixed(4),
				median(copies).toFixed(4),
				`${median(ratios).toFixed(1)}×`,
				spread(ratios, 1),
				`${median(memory).toFixed(2)}×`,
				spread(memory, 2),
			]);
		}
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
	process.stdout.write(`\nTIFF → PDF conversion of a ${PAGES}-page fax against one copy of its bytes, medians of ${ROUNDS} rounds\n`);
	process.stdout.write(
		`${formatTable(['fax', 'TIFF', 'PDF / TIFF', 'ms per page', 'copy ms', 'convert / copy', 'spread', 'memory / copy', 'spread'], rows)}\n`,
	);
	process.stdout.write(
		'convert / copy: time to convert the whole file over time to copy it once (Buffer.from). memory / copy: bytes the\n' +
			'PDF holds besides the TIFF bytes it shares (heap + buffers, after a GC) over the bytes of one copy.\n' +
			'Spread: lowest–highest over the rounds (time) or 5 runs (memory).\n',
	);
}

main().catch((error) => {
	process.exitCode = 1;
	console.error(error);
});
