#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: a local n8n (SQLite, loopback, user folder .n8n-local/ in the project) with this
 * package installed, the example workflows imported (inactive) on first start.
 * Options: --n8n 1 for n8n 1.x (default 2.x); N8N_PORT to change the port (default 5678).
 */
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');

const { REPO_ROOT, ensureN8n, installPackage, n8nCli, startN8n, log } = require('./n8n.js');

const { values } = parseArgs({ options: { n8n: { type: 'string', default: '2' } } });
const major = Number(values.n8n);
const port = Number(process.env.N8N_PORT ?? 5678);
const userFolder = path.join(REPO_ROOT, '.n8n-local', `n8n-${major}`);
const options = { userFolder, port, brokerPort: port + 1, major };
const EXAMPLES_DIR = path.join(__dirname, 'workflows');

async function main() {
	ensureN8n(major);
	fs.mkdirSync(userFolder, { recursive: true });
	log('building and installing n8n-nodes-fax into the local n8n…');
	installPackage(userFolder);

	const imported = path.join(userFolder, '.examples-imported');
	if (!fs.existsSync(imported)) {
		log('importing the example workflows (inactive)…');
		n8nCli(options, ['import:workflow', '--separate', `--input=${EXAMPLES_DIR}`]);
		fs.writeFileSync(imported, new Date().toISOString());
	}

	log(`starting n8n ${major}.x on port ${port}…`);
	const n8n = await startN8n({ ...options, stdio: 'inherit' });
	log(`n8n is ready: ${n8n.baseUrl}/ (set up the owner account on first visit)`);
	log('Send a test fax to a trigger: npx n8n-nodes-fax-simulate --help');

	const stop = async () => {
		log('stopping n8n…');
		await n8n.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	log(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
