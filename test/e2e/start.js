#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: a local n8n (SQLite, loopback, user folder .n8n-local/ in the project) with this
 * package installed, and a sandbox around it: stand-ins of the providers' APIs, demo credentials
 * pointing at them, a mail catcher, and the example workflows wired to them (imported inactive
 * on first start). Real credentials work beside the demo ones.
 * Options: --n8n 1 for n8n 1.x (default 2.x); N8N_PORT to change the port (default 5678).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs } = require('util');

const { REPO_ROOT, ensureN8n, installPackage, n8nCli, startN8n, log } = require('./n8n.js');
require('../sandbox/registerTypeScript.js');
/** @type {typeof import('../sandbox/startSandbox')} */
const { startSandbox } = require('../sandbox/startSandbox.ts');

const { values } = parseArgs({ options: { n8n: { type: 'string', default: '2' } } });
const major = Number(values.n8n);
const port = Number(process.env.N8N_PORT ?? 5678);
const userFolder = path.join(REPO_ROOT, '.n8n-local', `n8n-${major}`);
const EXAMPLES_DIR = path.join(__dirname, 'workflows');
/** Bumped when the imported examples change, so that an existing .n8n-local gets them once. */
const EXAMPLES_MARKER = '.examples-imported-sandbox-1';

/** Writes `content` as JSON into a temporary file for n8n's CLI, runs `use`, removes the file. */
function withJsonFile(name, content, use) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-start-'));
	try {
		const file = path.join(folder, name);
		fs.writeFileSync(file, JSON.stringify(content));
		return use(file);
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

/** @param {string} file @param {string} content */
function differs(file, content) {
	return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content;
}

async function main() {
	ensureN8n(major);
	fs.mkdirSync(userFolder, { recursive: true });
	log('building and installing n8n-nodes-fax into the local n8n…');
	installPackage(userFolder);

	const sandbox = await startSandbox({ userFolder, n8nPort: port, examplesFolder: EXAMPLES_DIR });
	const options = {
		userFolder,
		port,
		brokerPort: port + 1,
		major,
		// The examples write to .n8n-files/ relative to n8n's working folder (the user folder here,
		// /home/node in n8n's Docker image): allow exactly that folder.
		env: { N8N_RESTRICT_FILE_ACCESS_TO: sandbox.filesFolder },
	};

	// Demo credentials: imported again whenever what they point at changes (another N8N_PORT).
	const credentialsMarker = path.join(userFolder, '.sandbox-credentials.json');
	const credentialsJson = JSON.stringify(sandbox.credentials);
	if (differs(credentialsMarker, credentialsJson)) {
		log('creating the sandbox demo credentials…');
		withJsonFile('credentials.json', sandbox.credentials, (file) => n8nCli(options, ['import:credentials', `--input=${file}`]));
		fs.writeFileSync(credentialsMarker, credentialsJson);
	}
	const examplesMarker = path.join(userFolder, EXAMPLES_MARKER);
	if (!fs.existsSync(examplesMarker)) {
		log('importing the example workflows (inactive), wired to the demo credentials…');
		withJsonFile('examples.json', sandbox.examples, (file) => n8nCli(options, ['import:workflow', `--input=${file}`]));
		fs.writeFileSync(examplesMarker, new Date().toISOString());
	}

	log(`starting n8n ${major}.x on port ${port}…`);
	let n8n;
	try {
		n8n = await startN8n({ ...options, stdio: 'inherit' });
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
	const relative = (/** @type {string} */ folder) => path.relative(process.cwd(), folder) || '.';
	const lines = [
		'',
		`n8n is ready: ${n8n.baseUrl}/  (first visit: set up the owner account; it stays on this machine)`,
		'',
		'Sandbox: nothing here reaches a real provider.',
		`  provider APIs   ${sandbox.apiUrl}  (stand-ins for Phaxio, Fax.Plus and Sinch)`,
		`  credentials     ${sandbox.credentials.map((credential) => `"${credential.name}"`).join(', ')}`,
		`  mail catcher    smtp://127.0.0.1:${sandbox.smtpPort}: each email lands in ${relative(sandbox.mailFolder)}/ as an .eml file`,
		`  files           the examples save faxes in ${relative(sandbox.filesFolder)}/`,
		'',
		`Open an example workflow, ${major >= 2 ? 'Publish it' : 'activate it (the Active toggle)'}, then send it a fax (the output says whether a run started):`,
		...sandbox.simulatorCommands.flatMap(({ workflow, args }) => [`  ${workflow}`, `    npx n8n-nodes-fax-simulate ${args}`]),
		'',
		'Slack and Google Drive examples need your own credentials for those services. Ctrl+C stops everything.',
		'',
	];
	process.stderr.write(`${lines.join('\n')}\n`);

	const stop = async () => {
		log('stopping n8n…');
		await n8n.stop();
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	log(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
