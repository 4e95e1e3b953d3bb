import { mkdirSync, writeFileSync } from 'fs';
import type { AddressInfo } from 'net';
import path from 'path';
import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server on loopback that accepts every message (any user and password, or none) and
 * writes it as an .eml file into `folder`, where a mail client or a text editor opens it.
 */
export class MailCatcher {
	private readonly smtp: SMTPServer;
	private count = 0;

	constructor(readonly folder: string) {
		this.smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onAuth: (_auth, _session, callback) => callback(null, { user: 'sandbox' }),
			onData: (stream, _session, callback) => {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('error', callback);
				stream.on('end', () => {
					this.count += 1;
					const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${this.count}.eml`;
					mkdirSync(this.folder, { recursive: true });
					writeFileSync(path.join(this.folder, name), Buffer.concat(chunks));
					callback();
				});
			},
		});
	}

	get port() {
		return (this.smtp.server.address() as AddressInfo).port;
	}

	async start(port: number) {
		mkdirSync(this.folder, { recursive: true });
		await new Promise<void>((resolve, reject) => {
			this.smtp.server.once('error', reject);
			this.smtp.listen(port, '127.0.0.1', () => resolve());
		});
		return this;
	}

	async stop() {
		await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
	}
}
