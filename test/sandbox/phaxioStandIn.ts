import { FakeApiServer, sendJson } from '../support/fakeApiServer';

/**
 * The one Phaxio API call the trigger's credential makes (the credential test,
 * `GET /v2.1/account/status`), behind HTTP basic auth with the API key and secret. Phaxio has no
 * webhook API: the trigger registers nothing there.
 */
export class PhaxioStandIn {
	readonly server: FakeApiServer;

	constructor(
		readonly apiKey: string,
		readonly apiSecret: string,
	) {
		const expected = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
		this.server = new FakeApiServer((request, res) => {
			if (request.headers.authorization !== expected) {
				return sendJson(res, 401, { success: false, message: 'The API key or secret is not valid' });
			}
			if (request.method === 'GET' && request.path === '/v2.1/account/status') {
				return sendJson(res, 200, {
					success: true,
					message: 'Account status retrieved successfully',
					data: { balance: 1000, faxes_today: { sent: 0, received: 0 }, faxes_this_month: { sent: 0, received: 0 } },
				});
			}
			sendJson(res, 404, { success: false, message: `The sandbox has no ${request.method} ${request.path}` });
		});
	}

	get baseUrl() {
		return `${this.server.baseUrl}/v2.1`;
	}

	async start() {
		await this.server.start();
		return this;
	}

	async stop() {
		await this.server.stop();
	}
}
