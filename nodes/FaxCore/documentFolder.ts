import { promises as fs } from 'fs';
import { homedir } from 'os';
import path from 'path';

import { receivedFileFromBuffer, type ReceivedFile } from './ReceivedFile';
import { malformed, tooLarge } from './WebhookRejection';

/**
 * A document a request names by path instead of carrying it (a fax server that shares a disk
 * with n8n), read only from the folder the user allowed: a regular file inside it, named
 * without `..`, whose real path (links followed) stays inside, in a place n8n's own file-access
 * rules allow.
 * With readWebhookRequest.ts, the only module that touches the file system.
 */
export async function readDocumentFromFolder(folder: string, requested: string, maxBytes: number): Promise<ReceivedFile> {
	if (requested === '' || requested.split(/[\\/]/).includes('..') || /[\\/]$/.test(requested)) {
		throw malformed('The file path is empty, ends with a slash, or contains ".."');
	}
	const allowedFolder = await realFolder(folder);
	const target = path.resolve(allowedFolder, requested);
	let real: string;
	try {
		real = await fs.realpath(path.isAbsolute(requested) ? requested : target);
	} catch {
		throw malformed('The file path does not name a file in the trigger\'s folder');
	}
	if (!isContainedWithin(allowedFolder, real)) {
		throw malformed('The file path leads outside the trigger\'s folder: send the file in the request instead');
	}
	const stat = await fs.stat(real);
	if (!stat.isFile()) throw malformed('The file path does not name a regular file');
	if (stat.size > maxBytes) throw tooLarge(`The file is larger than ${maxBytes} bytes`);
	return receivedFileFromBuffer('file', path.basename(real), 'application/octet-stream', await fs.readFile(real));
}

async function realFolder(folder: string): Promise<string> {
	let real: string;
	try {
		real = await fs.realpath(folder);
	} catch {
		throw malformed('The trigger\'s "Read From Folder" option names a folder that does not exist');
	}
	const blocked = blockedByN8n(real);
	if (blocked) throw malformed(`The trigger's "Read From Folder" option names a folder n8n does not allow: ${blocked}`);
	return real;
}

/**
 * n8n's own file-access rules, as its Read/Write Files node applies them (n8n does not hand them
 * to webhook contexts): only below N8N_RESTRICT_FILE_ACCESS_TO (n8n 2.x's default: `~/.n8n-files`),
 * never inside n8n's own folder unless N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES is false.
 */
function blockedByN8n(realPath: string): string | null {
	const n8nFolder = path.join(process.env.N8N_USER_FOLDER ?? homedir(), '.n8n');
	if (process.env.N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES !== 'false' && isContainedWithin(n8nFolder, realPath)) {
		return "it is inside n8n's own folder";
	}
	const allowed = (process.env.N8N_RESTRICT_FILE_ACCESS_TO ?? defaultRestriction())
		.split(';')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => path.resolve(entry.startsWith('~') ? entry.replace('~', homedir()) : entry));
	if (allowed.length > 0 && !allowed.some((base) => isContainedWithin(base, realPath))) {
		return 'it is outside N8N_RESTRICT_FILE_ACCESS_TO';
	}
	return null;
}

/** n8n 2.x restricts file access to `~/.n8n-files` when nothing is set; 1.x does not. */
function defaultRestriction(): string {
	try {
		const { version } = require('n8n-core/package.json') as { version: string };
		return Number(version.split('.')[0]) >= 2 ? '~/.n8n-files' : '';
	} catch {
		return '';
	}
}

function isContainedWithin(base: string, candidate: string): boolean {
	const relative = path.relative(base, candidate);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
