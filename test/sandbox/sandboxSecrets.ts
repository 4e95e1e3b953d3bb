/**
 * The demo accounts of `npm start`'s sandbox. Not secrets: they open nothing but the stand-in
 * APIs on loopback, and the start output prints them for the simulator.
 */
export const SANDBOX_SECRETS = {
	phaxio: { apiKey: 'sandbox-phaxio-key', apiSecret: 'sandbox-phaxio-secret', webhookToken: 'sandbox-phaxio-webhook-token' },
	faxPlus: { accessToken: 'sandbox-faxplus-token' },
	sinch: {
		projectId: 'sandbox-project',
		keyId: 'sandbox-key',
		keySecret: 'sandbox-key-secret',
		webhookUsername: 'sandbox',
		webhookPassword: 'sandbox-webhook-password',
	},
	faxServer: { secret: 'sandbox-fax-server-secret-0123456789' },
};

/** The one fax service of the sandbox's Sinch project. */
export const SINCH_SERVICE = { id: 'sandbox-fax-service', name: 'Sandbox fax service' };
