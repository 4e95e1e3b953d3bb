import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

/**
 * A loopback load balancer in front of n8n's webhook processes: each request goes to the next
 * upstream in turn, and to the one after when an upstream refuses the connection (a process
 * that is restarting), as a balancer with health checks would.
 */
export class RoundRobinBalancer {
	/** Requests each upstream answered, by its base URL. */
	readonly answeredBy = new Map<string, number>();
	private server?: Server;
	private next = 0;
	port = 0;

	constructor(private upstreams: string[]) {}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	route(upstreams: string[]) {
		this.upstreams = upstreams;
	}

	async start(port = 0) {
		this.server = createServer((req, res) => void this.forward(req, res));
		this.server.keepAliveTimeout = 65_000;
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
	}

	async stop() {
		const server = this.server;
		if (!server?.listening) return;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	private async forward(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		for (let attempt = 0; attempt < this.upstreams.length; attempt++) {
			const upstream = this.upstreams[this.next++ % this.upstreams.length];
			const answered = await this.tryUpstream(upstream, req, body, res);
			if (answered) {
				this.answeredBy.set(upstream, (this.answeredBy.get(upstream) ?? 0) + 1);
				return;
			}
		}
		res.writeHead(502, { 'content-type': 'text/plain' }).end('No webhook process accepted the connection');
	}

	/** False when the upstream refused the connection; the caller tries the next one. */
	private async tryUpstream(upstream: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> {
		const target = new URL(req.url ?? '/', upstream);
		return await new Promise((resolve) => {
			const forwarded = httpRequest(
				target,
				{ method: req.method, headers: { ...req.headers, host: target.host } },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
					answer.on('end', () => resolve(true));
					answer.on('error', () => resolve(true));
				},
			);
			forwarded.on('error', (error: NodeJS.ErrnoException) => {
				if (error.code === 'ECONNREFUSED' && !res.headersSent) return resolve(false);
				if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
				res.end();
				resolve(true);
			});
			forwarded.end(body);
		});
	}
}
