import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['service'] } },
		default: 'getMany',
		options: [
			{ name: 'Get Many', value: 'getMany', action: 'Get many fax services', description: 'List the fax services of the project, with their IDs' },
		],
	},
	...getMany.description,
];
