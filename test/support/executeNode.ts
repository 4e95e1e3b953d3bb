import { randomUUID } from 'crypto';
import { createReadStream } from 'fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import {
	BINARY_ENCODING,
	NodeOperationError,
	type IBinaryData,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
} from 'n8n-workflow';

import { httpRequest, httpRequestWithAuthenticationFor, type RequestLog } from './n8nRequests';
import { packageCredentialTypes } from './triggerServer';

/**
 * n8n's binary data store in filesystem mode (2.x's default): each binary is a file, the item
 * keeps `{ id, mimeType, fileName, fileSize, data: 'filesystem-v2' }`, and nodes read it through
 * getBinaryStream / getBinaryMetadata by id.
 */
export class BinaryStore {
	private directory = '';
	private readonly metadata = new Map<string, { fileName?: string; mimeType: string; fileSize: number }>();

	async open(): Promise<this> {
		this.directory = await mkdtemp(join(tmpdir(), 'n8n-binary-'));
		return this;
	}

	async close() {
		await rm(this.directory, { recursive: true, force: true });
	}

	private pathOf(id: string) {
		return join(this.directory, id.replace(/^filesystem-v2:/, ''));
	}

	async put(content: Buffer | Readable, fileName?: string, mimeType = 'application/octet-stream'): Promise<IBinaryData> {
		const id = `filesystem-v2:${randomUUID()}`;
		const buffer = Buffer.isBuffer(content) ? content : Buffer.concat(await Readable.from(content).toArray());
		await writeFile(this.pathOf(id), buffer);
		this.metadata.set(id, { fileName, mimeType, fileSize: buffer.length });
		return { id, data: 'filesystem-v2', mimeType, fileName, fileSize: `${Math.round(buffer.length / 1024)} kB` };
	}

	async stream(id: string): Promise<Readable> {
		await stat(this.pathOf(id));
		return createReadStream(this.pathOf(id), { highWaterMark: 64 * 1024 });
	}

	async bytes(binary: IBinaryData): Promise<Buffer> {
		return binary.id ? await readFile(this.pathOf(binary.id)) : Buffer.from(binary.data, BINARY_ENCODING);
	}

	meta(id: string) {
		const meta = this.metadata.get(id);
		if (!meta) throw new Error(`No binary data with id ${id}`);
		return meta;
	}
}

export interface ExecuteOptions {
	node: INodeType;
	/** The node's parameters, the same for every item, or per item. */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	items: INodeExecutionData[];
	credentials: Record<string, IDataObject>;
	credentialTypes?: Record<string, ICredentialType>;
	binaryStore: BinaryStore;
	continueOnFail?: boolean;
	/** Whose request helpers to emulate where n8n 1.x and 2.x differ (token renewal). */
	n8nMajor?: 1 | 2;
}

export interface ExecuteResult {
	output: INodeExecutionData[][];
	requestLog: RequestLog;
}

function displayed(property: INodeProperties, parameters: IDataObject): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, values]) => {
		if (name.startsWith('@')) return true;
		const value = parameters[name];
		return (values as unknown[]).includes(value);
	});
}

/** The value n8n would hand the node: the stored parameter, else the default of the property shown. */
function parameterValue(node: INodeType, parameters: IDataObject, name: string, fallback: unknown): unknown {
	if (name in parameters) return parameters[name];
	const withDefaults: IDataObject = { ...parameters };
	for (const property of node.description.properties) {
		if (!(property.name in withDefaults) && (property.name === 'resource' || property.name === 'operation')) {
			withDefaults[property.name] = property.default as never;
		}
	}
	const property = node.description.properties.find((candidate) => candidate.name === name && displayed(candidate, withDefaults));
	if (property && property.type !== 'notice') return property.default;
	if (fallback !== undefined) return fallback;
	throw new Error(`Could not get parameter "${name}"`);
}

/** Runs a regular node's execute() with an IExecuteFunctions that behaves like n8n's for what fax nodes use. */
export async function executeNode(options: ExecuteOptions): Promise<ExecuteResult> {
	const requestLog: RequestLog = { preAuthentications: {} };
	const parametersOf = (itemIndex: number) =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;
	const node: INode = {
		id: randomUUID(),
		name: options.node.description.defaults.name ?? 'Fax',
		type: `n8n-nodes-fax.${options.node.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: parametersOf(0) as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: randomUUID(), name: type }])),
	};
	const store = { credentials: options.credentials, credentialTypes: options.credentialTypes ?? packageCredentialTypes() };
	const { binaryStore, items } = options;
	const context = {
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail === true,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			parameterValue(options.node, parametersOf(itemIndex), name, fallback),
		getCredentials: async (type: string) => {
			const credentials = options.credentials[type];
			if (!credentials) throw new Error(`Node does not have credentials of type ${type}`);
			return { ...credentials };
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			httpRequest,
			httpRequestWithAuthentication: httpRequestWithAuthenticationFor(store, () => node, requestLog, options.n8nMajor),
			assertBinaryData(itemIndex: number, propertyName: string): IBinaryData {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) {
					throw new NodeOperationError(node, `This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`);
				}
				return binary;
			},
			getBinaryStream: async (id: string) => await binaryStore.stream(id),
			getBinaryMetadata: async (id: string) => binaryStore.meta(id),
			getBinaryDataBuffer: async (itemIndex: number, propertyName: string) =>
				await binaryStore.bytes(items[itemIndex].binary![propertyName]),
			prepareBinaryData: async (content: Buffer | Readable, fileName?: string, mimeType?: string) =>
				await binaryStore.put(content, fileName, mimeType),
		},
	} as unknown as IExecuteFunctions;
	const output = await options.node.execute!.call(context);
	return { output: output as INodeExecutionData[][], requestLog };
}
