import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as resend from './resend.operation';
import * as send from './send.operation';
import * as testReceive from './testReceive.operation';

export { cancel, download, get, getMany, resend, send, testReceive };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fax'] } },
		default: 'send',
		options: [
			{ name: 'Cancel', value: 'cancel', action: 'Cancel a fax', description: 'Cancel a fax that is queued or being sent' },
			{ name: 'Download', value: 'download', action: 'Download a fax document', description: 'Download the PDF of a fax as binary data' },
			{ name: 'Get', value: 'get', action: 'Get a fax', description: 'Get the status and details of one fax by its ID' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many faxes', description: 'List sent and received faxes, newest first' },
			{ name: 'Resend', value: 'resend', action: 'Resend a fax', description: 'Send an earlier fax again to the same numbers' },
			{ name: 'Send', value: 'send', action: 'Send a fax', description: 'Send a document from binary data to one or more fax numbers' },
			{
				name: 'Test Receive',
				value: 'testReceive',
				action: 'Simulate a received fax',
				description: 'With test API keys: make Phaxio simulate a fax received on your number',
			},
		],
	},
	...send.description,
	...get.description,
	...download.description,
	...getMany.description,
	...cancel.description,
	...resend.description,
	...testReceive.description,
];
