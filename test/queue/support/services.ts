import { execFileSync, spawn } from 'child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'fs';
import { connect } from 'net';
import path from 'path';

import { ensureDebianPackages, installDebianPackages } from '../../support/debianPackages';

/** PostgreSQL and Redis from Debian's packages, as n8n's queue mode needs them. */
export const QUEUE_SERVICES = { pg_ctlcluster: 'postgresql', 'redis-server': 'redis-server' };

export interface RunningService {
	port: number;
	stop(): Promise<void>;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** Debian installs PostgreSQL's server programs off PATH, one folder per major version. */
function findPostgresBin(program: string): string | undefined {
	const versions = existsSync(POSTGRES_ROOT) ? readdirSync(POSTGRES_ROOT).sort((a, b) => Number(b) - Number(a)) : [];
	return versions.map((version) => path.join(POSTGRES_ROOT, version, 'bin', program)).find((file) => existsSync(file));
}

function postgresBin(program: string): string {
	const found = findPostgresBin(program);
	if (!found) throw new Error(`PostgreSQL's ${program} is not under ${POSTGRES_ROOT}: apt-get install -y postgresql`);
	return found;
}

/**
 * PostgreSQL and Redis, installed when missing. `pg_ctlcluster` comes with postgresql-common,
 * which the client alone brings too: the server is looked for where Debian puts it.
 */
function ensureQueueServices() {
	ensureDebianPackages(QUEUE_SERVICES);
	if (!findPostgresBin('postgres')) installDebianPackages(['postgresql'], "PostgreSQL's server");
}

/** PostgreSQL refuses to run as root: its programs run as the `postgres` user the package created. */
function asPostgresUser(command: string, args: string[]) {
	const asRoot = process.getuid?.() === 0;
	const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	return execFileSync(file, argv, { stdio: 'pipe' }).toString();
}

/** A throw-away PostgreSQL cluster in `folder`, on a loopback port, trusting local connections. */
export async function startPostgres(folder: string, port: number): Promise<RunningService> {
	ensureQueueServices();
	mkdirSync(folder, { recursive: true });
	if (process.getuid?.() === 0) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
		chownSync(folder, uid, gid);
	}
	const data = path.join(folder, 'data');
	asPostgresUser(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
	const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`;
	asPostgresUser(postgresBin('pg_ctl'), ['-D', data, '-o', options, '-l', path.join(folder, 'postgres.log'), '-w', 'start']);
	return {
		port,
		async stop() {
			asPostgresUser(postgresBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
		},
	};
}

/** Runs SQL as the `postgres` user over loopback; rows as tab-separated lines. */
export function psql(port: number, sql: string): string {
	return execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-At', '-F', '\t', '-c', sql], {
		stdio: 'pipe',
	})
		.toString()
		.trim();
}

/** A Redis without persistence on a loopback port. */
export async function startRedis(folder: string, port: number): Promise<RunningService> {
	ensureQueueServices();
	mkdirSync(folder, { recursive: true });
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
		{ stdio: 'ignore', detached: true },
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const deadline = Date.now() + 10_000;
	while (!(await redisAnswers(port))) {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
		if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		port,
		async stop() {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
		},
	};
}

/** Sends one inline command to Redis and returns its first reply line. */
export async function redisCommand(port: number, command: string): Promise<string> {
	return await new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
		let reply = '';
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) {
				socket.destroy();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.on('error', reject);
	});
}

async function redisAnswers(port: number): Promise<boolean> {
	return (await redisCommand(port, 'PING').catch(() => '')) === '+PONG';
}
