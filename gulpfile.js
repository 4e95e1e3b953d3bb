const { rm } = require('fs/promises');
const { src, dest, parallel } = require('gulp');

/** dist/ starts empty, so that no file of a deleted source is published. */
async function clean() {
	await rm('dist', { recursive: true, force: true });
}

/** Copies what tsc does not: each node's codex file next to its compiled node, and the icons. */
function codexFiles() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

exports.clean = clean;
exports.build = parallel(codexFiles, icons);
