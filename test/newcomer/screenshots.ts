import { spawnSync } from 'child_process';
import { mkdirSync, renameSync, rmSync } from 'fs';
import path from 'path';

import type { Page } from './browser';
import { REPO_ROOT } from './newcomerCheckout';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs/images');

/**
 * Saves what the page shows as docs/images/<name> for the README, made small with pngquant
 * when it is installed (lossy palette PNG, a third of the size), as taken otherwise.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, name);
	const taken = `${file}.taken.png`;
	// Let dialogs and notifications finish sliding in.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	await page.screenshot(taken);
	const quantized = spawnSync('pngquant', ['--force', '--quality=60-90', '--output', file, taken], { stdio: 'ignore' });
	if (quantized.status === 0) rmSync(taken);
	else renameSync(taken, file);
}
