const { chmod, rm } = require('fs/promises');
const { src, dest, parallel } = require('gulp');

/** dist/ starts empty, so that no file of a deleted source is published. */
async function clean() {
	await rm('dist', { recursive: true, force: true });
}

/** Copies what tsc does not: each node's codex file next to its compiled node, the icons and the fixtures. */
function codexFiles() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

/** The providers' documented payloads the simulator (n8n-nodes-fax-simulate) starts from. */
function simulatorFixtures() {
	return src('test/fixtures/**/*.json').pipe(dest('dist/fixtures'));
}

/**
 * tsc writes files without the execute bit; npm links package.json's bin to this file (npx, a
 * global install), so every build must set it again or the next run answers "Permission denied".
 */
async function simulatorExecutable() {
	await chmod('dist/nodes/FaxSimulator/cli.js', 0o755);
}

exports.clean = clean;
exports.build = parallel(codexFiles, icons, simulatorFixtures, simulatorExecutable);
