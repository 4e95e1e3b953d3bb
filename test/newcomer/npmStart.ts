import { spawn, type ChildProcess } from 'child_process';

/** What `npm start` prints once n8n and its sandbox are up. */
const READY_LINE = 'Ctrl+C stops everything';

export interface RunningStart {
	output(): string;
	/** The sandbox's provider APIs, as the start output names them. */
	sandboxUrl(): string;
	/** The simulator commands the start output names, one per example that runs here. */
	simulatorCommands(): string[];
	/** Ctrl+C, as a user stops it; resolves once npm start has exited. */
	stop(): Promise<void>;
}

/** Runs `npm start` in `folder` as a newcomer does, and resolves once it says it is ready. */
export async function npmStart(folder: string, port: number, timeoutMs = 600_000): Promise<RunningStart> {
	const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _worker, NODE_OPTIONS: _options, ...environment } = process.env;
	const child: ChildProcess = spawn('npm', ['start'], {
		cwd: folder,
		env: { ...environment, N8N_PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const deadline = Date.now() + timeoutMs;
	while (!output.includes(READY_LINE)) {
		if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-4000)}`);
		if (Date.now() > deadline) {
			process.kill(-child.pid!, 'SIGINT');
			throw new Error(`npm start was not ready within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return {
		output: () => output,
		sandboxUrl: () => {
			const url = /provider APIs +(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
			if (!url) throw new Error(`npm start named no provider APIs:\n${output.slice(-3000)}`);
			return url;
		},
		simulatorCommands: () =>
			output
				.split('\n')
				.map((line) => line.trim())
				.filter((line) => line.startsWith('npx n8n-nodes-fax-simulate ')),
		async stop() {
			if (child.exitCode === null) {
				process.kill(-child.pid!, 'SIGINT');
				const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
				await exited;
				clearTimeout(timer);
			}
		},
	};
}
