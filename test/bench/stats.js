// @ts-check
/** Small statistics for the benchmarks: medians and percentiles of repeated measurements. */
function percentile(values, fraction) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
	return sorted[index];
}

const median = (values) => percentile(values, 0.5);

function formatTable(header, rows) {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
	const line = (cells) => cells.map((cell, column) => String(cell).padStart(widths[column])).join('  ');
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

module.exports = { percentile, median, formatTable };
