import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as send from './send.operation';

export { download, get, getMany, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fax'] } },
		default: 'send',
		options: [
			{ name: 'Download', value: 'download', action: 'Download a fax document', description: 'Download the PDF of a fax as binary data' },
			{ name: 'Get', value: 'get', action: 'Get a fax', description: 'Get the status and details of one fax by its ID' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many faxes', description: 'List sent and received faxes, newest first' },
			{ name: 'Send', value: 'send', action: 'Send a fax', description: 'Send a document from binary data to one or more fax numbers (one fax each)' },
		],
	},
	...send.description,
	...get.description,
	...download.description,
	...getMany.description,
];
