const { src, dest, parallel } = require('gulp');

/** Copies what tsc does not: each node's codex file next to its compiled node, and the icons. */
function codexFiles() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

exports.build = parallel(codexFiles, icons);
