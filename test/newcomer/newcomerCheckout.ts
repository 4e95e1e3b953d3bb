import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * A fresh clone of this repository's committed HEAD, as a newcomer gets it from GitHub. Instead of
 * `npm ci` (minutes and the registry), its node_modules folders are links to this checkout's:
 * the same lockfiles, already installed.
 */
export function cloneForNewcomer(): { folder: string; remove(): void } {
	const parent = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-fax-newcomer-'));
	const folder = path.join(parent, 'n8n-nodes-fax');
	execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, folder], { stdio: 'pipe' });
	// npm start needs Node 24 and n8n 2.x; n8n 1.x is linked only if this checkout installed it.
	for (const needed of ['node_modules', 'test/e2e/runtime/node24/node_modules', 'test/e2e/runtime/n8n-2/node_modules']) {
		linkInstalled(needed, folder);
	}
	if (existsSync(path.join(REPO_ROOT, 'test/e2e/runtime/n8n-1/node_modules'))) {
		linkInstalled('test/e2e/runtime/n8n-1/node_modules', folder);
	}
	return { folder, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

function linkInstalled(relative: string, clone: string) {
	const installed = path.join(REPO_ROOT, relative);
	if (!existsSync(installed)) {
		throw new Error(`${relative} is not installed in ${REPO_ROOT}: run npm ci (and npm start once) there first`);
	}
	symlinkSync(realpathSync(installed), path.join(clone, relative));
}
