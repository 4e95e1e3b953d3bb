import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'fs';
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
	linkInstalled('node_modules', folder);
	const runtime = path.join(REPO_ROOT, 'test/e2e/runtime');
	for (const name of readdirSync(runtime)) linkInstalled(`test/e2e/runtime/${name}/node_modules`, folder);
	return { folder, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

function linkInstalled(relative: string, clone: string) {
	const installed = path.join(REPO_ROOT, relative);
	if (!existsSync(installed)) {
		throw new Error(`${relative} is not installed in ${REPO_ROOT}: run npm ci (and npm start once) there first`);
	}
	symlinkSync(realpathSync(installed), path.join(clone, relative));
}
