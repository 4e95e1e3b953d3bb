import { randomUUID } from 'crypto';
import express from 'express';
import { rm } from 'fs/promises';
import formidable from 'formidable';
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import type {
	IBinaryData,
	IDataObject,
	IHookFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
	ICredentialType,
} from 'n8n-workflow';
import { Readable } from 'stream';

import { FaxPlusApi } from '../../credentials/FaxPlusApi.credentials';
import { FaxPlusOAuth2Api } from '../../credentials/FaxPlusOAuth2Api.credentials';
import { PhaxioApi } from '../../credentials/PhaxioApi.credentials';
import { SinchFaxApi } from '../../credentials/SinchFaxApi.credentials';
import { httpRequest, httpRequestWithAuthenticationFor, type RequestLog } from './n8nRequests';

/** The credential classes of this package, as n8n knows them once the package is loaded. */
export function packageCredentialTypes(): Record<string, ICredentialType> {
	return {
		phaxioApi: new PhaxioApi(),
		faxPlusApi: new FaxPlusApi(),
		faxPlusOAuth2Api: new FaxPlusOAuth2Api(),
		sinchFaxApi: new SinchFaxApi(),
	};
}

/**
 * Runs a trigger node's webhook() behind a real Express server on loopback, the way n8n calls
 * it: the node gets the unread request (or, with `preParse`, the `{ data, files }` body n8n's
 * formidable parsing leaves), answers through the response object or returns workflowData,
 * after which the server answers 200 as n8n does with `responseData: 'noData'`.
 */

export interface TriggerServerOptions {
	node: INodeType;
	parameters: IDataObject;
	credentials: Record<string, IDataObject>;
	webhookPath: string;
	preParse?: boolean;
	/** The production URL n8n would give the node; defaults to this server's own. */
	productionBaseUrl?: string;
	trustProxy?: boolean | number;
	/** Credential classes whose `authenticate` the request helpers apply, as n8n does (default: this package's). */
	credentialTypes?: Record<string, ICredentialType>;
	/**
	 * The run of the workflow a delivery starts, for response mode `lastNode` (n8n answers when
	 * it ends: 200, or 500 "Error in workflow"). Resolves true when the workflow succeeded.
	 */
	runWorkflow?: (items: INodeExecutionData[]) => Promise<boolean>;
}

export interface RecordedRun {
	items: INodeExecutionData[];
}

export interface LoggedMessage {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

export interface TriggerServer {
	baseUrl: string;
	productionUrl: string;
	testUrl: string;
	runs: RecordedRun[];
	logs: LoggedMessage[];
	staticData: IDataObject;
	/** Temp files n8n's pre-parsing wrote, to check that the node removed them. */
	preParsedFiles: string[];
	node: INode;
	/** How many times the node read a credential. */
	readonly credentialReads: number;
	hookContext(): IHookFunctions;
	close(): Promise<void>;
}

const WEBHOOK_ID = '0f1c2d3e-4b5a-6978-8091-a2b3c4d5e6f7';

export async function startTriggerServer(options: TriggerServerOptions): Promise<TriggerServer> {
	const app = express();
	if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
	const runs: RecordedRun[] = [];
	const logs: LoggedMessage[] = [];
	const staticData: IDataObject = {};
	const preParsedFiles: string[] = [];
	const node: INode = {
		id: randomUUID(),
		name: 'Fax Trigger',
		type: 'n8n-nodes-fax.trigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		webhookId: WEBHOOK_ID,
		// As in n8n: the node refers to its credentials by id (fresh ids per server).
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((type) => [type, { id: randomUUID(), name: type }]),
		),
	};
	let productionUrl = '';
	const state = { credentialReads: 0 };
	const requestLog: RequestLog = { preAuthentications: {} };

	const logger = Object.fromEntries(
		(['debug', 'info', 'warn', 'error'] as const).map((level) => [
			level,
			(message: string) => logs.push({ level, message }),
		]),
	);

	const baseContext = () => ({
		logger,
		getNode: () => node,
		getWorkflow: () => ({ id: 'wf-test', name: 'Fax test', active: true }),
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in options.parameters ? options.parameters[name] : fallback,
		getCredentials: async (type: string) => {
			const credentials = options.credentials[type];
			if (!credentials) throw new Error(`Node does not have credentials of type ${type}`);
			state.credentialReads++;
			// n8n decrypts a new copy on every read.
			return { ...credentials };
		},
		getNodeWebhookUrl: () => productionUrl,
		getWorkflowStaticData: () => staticData,
		getMode: () => 'webhook',
		helpers: {
			httpRequest,
			httpRequestWithAuthentication: httpRequestWithAuthenticationFor(
				{ credentials: options.credentials, credentialTypes: options.credentialTypes ?? packageCredentialTypes() },
				() => node,
				requestLog,
			),
			prepareBinaryData,
		},
	});

	const handle: express.RequestHandler = async (req, res) => {
		if (options.preParse && req.headers['content-type']?.startsWith('multipart/form-data')) {
			// As n8n does: parse with formidable, and on a broken form answer 400 and clean up itself.
			const form = formidable({ multiples: true, allowEmptyFiles: true, minFileSize: 0 });
			const writtenNow: string[] = [];
			form.on('fileBegin', (_name, file) => {
				preParsedFiles.push(file.filepath);
				writtenNow.push(file.filepath);
			});
			try {
				const [data, files] = await form.parse(req);
				req.body = { data: singleValues(data), files: singleValues(files) };
			} catch {
				await Promise.all(writtenNow.map(async (file) => await rm(file, { force: true })));
				res.status(400).send('The submitted form data could not be parsed.');
				return;
			}
		}
		const context = {
			...baseContext(),
			getRequestObject: () => req,
			getResponseObject: () => res,
			getHeaderData: () => req.headers,
			getBodyData: () => req.body ?? {},
			getWebhookName: () => 'default',
		} as unknown as IWebhookFunctions;
		try {
			const result = await options.node.webhook!.call(context);
			if (result.workflowData) {
				runs.push({ items: result.workflowData[0] });
				if (responseMode(options) === 'lastNode') {
					const succeeded = (await options.runWorkflow?.(result.workflowData[0])) ?? true;
					if (succeeded) res.status(200).end();
					else res.status(500).json({ message: 'Error in workflow' });
				} else if (!res.headersSent) res.status(200).end();
			} else if (!result.noWebhookResponse && !res.headersSent) {
				res.status(200).end();
			}
		} catch (error) {
			logs.push({ level: 'error', message: `webhook() threw: ${String(error)}` });
			if (!res.headersSent) res.status(500).send('webhook() threw');
		}
	};
	app.post(`/webhook/${WEBHOOK_ID}/:path`, handle);
	app.post(`/webhook-test/${WEBHOOK_ID}/:path`, handle);
	app.post(`/webhook/${WEBHOOK_ID}/:path/`, handle);

	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}`;
	productionUrl = `${options.productionBaseUrl ?? baseUrl}/webhook/${WEBHOOK_ID}/${options.webhookPath}`;

	return {
		baseUrl,
		productionUrl,
		testUrl: `${baseUrl}/webhook-test/${WEBHOOK_ID}/${options.webhookPath}`,
		runs,
		logs,
		staticData,
		preParsedFiles,
		node,
		get credentialReads() {
			return state.credentialReads;
		},
		hookContext: () => ({ ...baseContext() }) as unknown as IHookFunctions,
		close: async () => {
			if (!server.listening) return;
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/** The webhook's response mode as n8n evaluates it: a literal, or an expression over the parameters. */
function responseMode({ node, parameters }: TriggerServerOptions): string {
	const mode = String(node.description.webhooks?.[0]?.responseMode ?? 'onReceived');
	const expression = /^=\{\{(.*)\}\}$/s.exec(mode);
	if (!expression) return mode;
	return String(new Function('$parameter', `return (${expression[1]});`)(parameters));
}

function singleValues<T>(values: Record<string, T[] | undefined>): Record<string, T | T[]> {
	const result: Record<string, T | T[]> = {};
	for (const [key, value] of Object.entries(values)) {
		if (value) result[key] = value.length === 1 ? value[0] : value;
	}
	return result;
}

/** n8n's in-memory binary mode: the bytes end up base64 in the item. */
async function prepareBinaryData(
	data: Buffer | Readable,
	fileName?: string,
	mimeType?: string,
): Promise<IBinaryData> {
	const chunks: Buffer[] = [];
	if (Buffer.isBuffer(data)) chunks.push(data);
	else for await (const chunk of data) chunks.push(chunk as Buffer);
	const content = Buffer.concat(chunks);
	return {
		data: content.toString('base64'),
		mimeType: mimeType ?? 'application/octet-stream',
		fileName,
		fileSize: String(content.length),
	};
}

export function binaryBytes(item: INodeExecutionData, property = 'data'): Buffer {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`Item has no binary property "${property}"`);
	return Buffer.from(binary.data, 'base64');
}

export async function post(
	url: string,
	body: Buffer | string,
	headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
	const response = await fetch(url, { method: 'POST', body, headers });
	return { status: response.status, text: await response.text() };
}
