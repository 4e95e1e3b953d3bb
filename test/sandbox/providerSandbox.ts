import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { sendJson } from '../support/fakeApiServer';
import { FakeFaxPlusApi } from '../support/fakeFaxPlusApi';
import { FakePhaxioApi } from '../support/fakePhaxioApi';
import { FakeSinchApi } from '../support/fakeSinchApi';
import { SANDBOX_SECRETS, SINCH_SERVICE } from './sandboxSecrets';

/** A fax the simulator announces (`--sandbox`) before it sends the webhook. */
interface AnnouncedFax {
	provider: 'faxplus' | 'sinch';
	faxId: string;
	from: string;
	to: string;
	fileIds: string[];
	document: string;
}

const MAX_ANNOUNCEMENT_BYTES = 80 * 1024 * 1024;

/**
 * The provider APIs of `npm start`'s sandbox on one fixed loopback port (so that the demo
 * credentials stay valid from one start to the next): `/phaxio/v2.1`, `/faxplus/v3` and
 * `/sinch/v3` (with `/sinch/oauth2/token`) are the test suite's stand-ins, reached through a
 * small proxy; `POST /sandbox/faxes` lets the simulator put a fax into the stand-in account, and
 * `POST /sandbox/outage` `{ provider, status }` makes one provider answer every call with that
 * status (`status: null` ends it), to see what n8n shows when a provider fails.
 * State lives in memory: n8n registers its hooks again when it starts.
 */
export class ProviderSandbox {
	readonly phaxio = new FakePhaxioApi(SANDBOX_SECRETS.phaxio.apiKey, SANDBOX_SECRETS.phaxio.apiSecret);
	readonly faxPlus = new FakeFaxPlusApi(SANDBOX_SECRETS.faxPlus.accessToken);
	readonly sinch = new FakeSinchApi(SANDBOX_SECRETS.sinch.projectId, SANDBOX_SECRETS.sinch.keyId, SANDBOX_SECRETS.sinch.keySecret);
	private readonly front: Server = createServer((req, res) => void this.handle(req, res));
	/** Providers answering every call with a status, as in an outage or a revoked credential. */
	private readonly outages = new Map<string, number>();

	/** `port` 0 takes any free port (tests); `npm start` gives a fixed one. */
	constructor(readonly port: number) {}

	get baseUrl() {
		return `http://127.0.0.1:${(this.front.address() as AddressInfo).port}`;
	}

	async start() {
		await Promise.all([this.phaxio.start(), this.faxPlus.start(), this.sinch.start()]);
		this.sinch.services.set(SINCH_SERVICE.id, { ...SINCH_SERVICE, incomingWebhookUrl: '', webhookContentType: 'application/json' });
		await new Promise<void>((resolve, reject) => {
			this.front.once('error', (error: NodeJS.ErrnoException) =>
				reject(
					error.code === 'EADDRINUSE'
						? new Error(`Port ${this.port} (the sandbox's provider APIs) is in use: stop what uses it, or start on another N8N_PORT`)
						: error,
				),
			);
			this.front.listen(this.port, '127.0.0.1', () => resolve());
		});
		return this;
	}

	async stop() {
		await new Promise<void>((resolve) => {
			this.front.close(() => resolve());
			this.front.closeAllConnections();
		});
		await Promise.all([this.phaxio.stop(), this.faxPlus.stop(), this.sinch.stop()]);
	}

	private upstream(path: string): { provider: string; target: string; rest: string } | undefined {
		const match = /^\/(phaxio|faxplus|sinch)(\/.*)$/.exec(path);
		if (!match) return undefined;
		const servers = { phaxio: this.phaxio.server, faxplus: this.faxPlus.server, sinch: this.sinch.server };
		return { provider: match[1], target: servers[match[1] as keyof typeof servers].baseUrl, rest: match[2] };
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const url = req.url ?? '/';
		if (req.method === 'POST' && url === '/sandbox/faxes') return await this.announce(req, res);
		if (req.method === 'POST' && url === '/sandbox/outage') return await this.setOutage(req, res);
		const upstream = this.upstream(url);
		if (!upstream) {
			return sendJson(res, 404, {
				error: `The sandbox serves /phaxio/v2.1, /faxplus/v3, /sinch/v3, POST /sandbox/faxes and POST /sandbox/outage, not ${req.method} ${url}`,
			});
		}
		const outage = this.outages.get(upstream.provider);
		if (outage) {
			req.resume();
			return sendJson(res, outage, { error: `sandbox outage: ${upstream.provider} answers ${outage}` });
		}
		const forwarded = httpRequest(`${upstream.target}${upstream.rest}`, { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		forwarded.on('error', (error) => sendJson(res, 502, { error: `sandbox stand-in unavailable: ${error.message}` }));
		req.pipe(forwarded);
	}

	private async setOutage(req: IncomingMessage, res: ServerResponse) {
		const body = (await readJson(req)) as { provider?: unknown; status?: unknown } | undefined;
		const provider = String(body?.provider ?? '');
		if (!['phaxio', 'faxplus', 'sinch'].includes(provider)) {
			return sendJson(res, 400, { error: 'body must be JSON: { provider: "phaxio" | "faxplus" | "sinch", status: 401 | 500 | … | null }' });
		}
		const status = Number(body?.status);
		if (Number.isInteger(status) && status >= 400 && status <= 599) this.outages.set(provider, status);
		else this.outages.delete(provider);
		sendJson(res, 200, { provider, status: this.outages.get(provider) ?? null });
	}

	private async announce(req: IncomingMessage, res: ServerResponse) {
		const fax = (await readJson(req)) as AnnouncedFax | undefined;
		if (!fax) return sendJson(res, 400, { error: 'body must be JSON: { provider, faxId, from, to, fileIds, document (base64) }' });
		const document = Buffer.from(String(fax.document ?? ''), 'base64');
		if (fax.provider === 'faxplus') {
			this.faxPlus.faxes.set(fax.faxId, { id: fax.faxId, from: fax.from, to: fax.to });
			for (const fileId of fax.fileIds ?? [fax.faxId]) this.faxPlus.files.set(fileId, document);
		} else if (fax.provider === 'sinch') {
			this.sinch.faxes.set(fax.faxId, {
				id: fax.faxId,
				direction: 'INBOUND',
				from: fax.from,
				to: fax.to,
				status: 'COMPLETED',
				serviceId: SINCH_SERVICE.id,
			});
			this.sinch.documents.set(fax.faxId, document);
		} else {
			return sendJson(res, 400, { error: 'provider must be faxplus or sinch (Phaxio and fax servers send the document in the webhook)' });
		}
		sendJson(res, 200, { announced: fax.faxId });
	}
}

/** A JSON request body of at most MAX_ANNOUNCEMENT_BYTES, or undefined. */
async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_ANNOUNCEMENT_BYTES) return undefined;
		chunks.push(chunk as Buffer);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		return undefined;
	}
}
