import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export interface RecordedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: string;
	/** The body's bytes (a multipart document is not text). */
	raw: Buffer;
}

export type Route = (
	request: RecordedRequest,
	response: ServerResponse,
) => void | Promise<void>;

/** A provider's cloud API stood in for by a loopback HTTP server that records every request. */
export class FakeApiServer {
	readonly requests: RecordedRequest[] = [];
	private server?: Server;
	baseUrl = '';

	constructor(private readonly route: Route) {}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
		return this;
	}

	async stop() {
		const server = this.server;
		if (!server?.listening) return;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://fake.invalid');
		const raw = Buffer.concat(chunks);
		const recorded: RecordedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			body: raw.toString('utf8'),
			raw,
		};
		this.requests.push(recorded);
		try {
			await this.route(recorded, res);
		} catch (error) {
			sendJson(res, 500, { error: String(error) });
		}
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}
