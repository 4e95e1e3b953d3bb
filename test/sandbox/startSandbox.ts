import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';

import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';
import { demoCredentials, runsInSandbox, simulatorCommand, wireExampleToSandbox, type DemoCredential, type ExampleWorkflow } from './demoSetup';
import { MailCatcher } from './mailCatcher';
import { ProviderSandbox } from './providerSandbox';

export interface Sandbox {
	apiUrl: string;
	smtpPort: number;
	/** Where the mail catcher writes each message (.eml). */
	mailFolder: string;
	/** The folder the examples write to, and the only one n8n may write files into here. */
	filesFolder: string;
	credentials: DemoCredential[];
	/** The examples as `npm start` imports them, wired to the demo credentials. */
	examples: ExampleWorkflow[];
	/** For each example that runs here to its last node: the simulator's arguments that send it one fax. */
	simulatorCommands: Array<{ workflow: string; args: string }>;
	stop(): Promise<void>;
}

/** Ports beside n8n's own (n8n, then its task broker at +1): provider APIs at +10, SMTP at +11. */
export const SANDBOX_PORT_OFFSETS = { api: 10, smtp: 11 };

/**
 * Everything `npm start` adds around n8n so that every trigger and example can be tried without
 * an account anywhere: the providers' APIs, a mail catcher and the folder the examples write to.
 */
export async function startSandbox(options: { userFolder: string; n8nPort: number; examplesFolder: string }): Promise<Sandbox> {
	const sandboxFolder = path.join(options.userFolder, 'sandbox');
	const mailFolder = path.join(sandboxFolder, 'mail');
	// n8n resolves a relative file path against the folder it runs in (npm start: the user folder).
	const filesFolder = path.join(options.userFolder, '.n8n-files');
	mkdirSync(filesFolder, { recursive: true });
	// The page the confirmation example faxes back to each sender (replace it with your own).
	const confirmation = path.join(filesFolder, 'fax-confirmation.pdf');
	if (!existsSync(confirmation)) writeFileSync(confirmation, samplePdf('Thank you: your fax has arrived.'));
	const providers = await new ProviderSandbox(options.n8nPort + SANDBOX_PORT_OFFSETS.api).start();
	let mail: MailCatcher;
	try {
		mail = await new MailCatcher(mailFolder).start(options.n8nPort + SANDBOX_PORT_OFFSETS.smtp);
	} catch (error) {
		await providers.stop();
		throw new Error(`The sandbox's mail catcher cannot listen on port ${options.n8nPort + SANDBOX_PORT_OFFSETS.smtp}: ${(error as Error).message}`);
	}
	const n8nUrl = `http://127.0.0.1:${options.n8nPort}`;
	const examples = readdirSync(options.examplesFolder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => wireExampleToSandbox(JSON.parse(readFileSync(path.join(options.examplesFolder, file), 'utf8')) as ExampleWorkflow));
	return {
		apiUrl: providers.baseUrl,
		smtpPort: mail.port,
		mailFolder,
		filesFolder,
		credentials: demoCredentials(providers.baseUrl, mail.port),
		examples,
		simulatorCommands: examples.filter(runsInSandbox).flatMap((workflow) => {
			const args = simulatorCommand(workflow, n8nUrl, providers.baseUrl);
			return args ? [{ workflow: workflow.name, args }] : [];
		}),
		async stop() {
			await Promise.all([providers.stop(), mail.stop()]);
		},
	};
}
