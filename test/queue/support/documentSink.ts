import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * Where the workflows of the queue suite send the fax document (an HTTP Request node on the
 * worker): one receipt per run, by `/<provider>/<faxId>`, with the bytes it received.
 */
export class DocumentSink {
	readonly receipts = new Map<string, Buffer[]>();
	/** Milliseconds to keep a run waiting for the sink's answer, by `<provider>/<faxId>`: a long run. */
	readonly holds = new Map<string, number>();
	/** How many more times to answer 500 by `<provider>/<faxId>`, which fails the run. */
	readonly failures = new Map<string, number>();
	private server?: Server;
	port = 0;

	async start() {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const key = decodeURIComponent(req.url ?? '/').slice(1);
				this.receipts.set(key, [...(this.receipts.get(key) ?? []), Buffer.concat(chunks)]);
				const failuresLeft = this.failures.get(key) ?? 0;
				if (failuresLeft > 0) {
					this.failures.set(key, failuresLeft - 1);
					res.writeHead(500, { 'content-type': 'application/json' }).end('{"stored":false}');
					return;
				}
				setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"stored":true}'), this.holds.get(key) ?? 0);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
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

	runsOf(provider: string, faxId: string): Buffer[] {
		return this.receipts.get(`${provider}/${faxId}`) ?? [];
	}

	/** The workflow node that posts the item's document here. */
	node(name = 'Send to Sink') {
		return {
			id: 'a11ce000-0000-4000-8000-00000000517c',
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [260, 0],
			parameters: {
				method: 'POST',
				url: `=http://127.0.0.1:${this.port}/{{ $json.provider }}/{{ $json.faxId }}`,
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: 'data',
				options: {},
			},
		};
	}
}
