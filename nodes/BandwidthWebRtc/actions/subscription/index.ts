import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../node.type';
import * as get from './get.operation';
import * as update from './update.operation';

export const operations = {
	get: get.execute,
	update: update.execute,
} satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get whose media a participant receives in a session',
				action: 'Get the subscriptions of a participant in a session',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Replace whose media a participant receives in a session',
				action: 'Replace the subscriptions of a participant in a session and return the session ID and participant ID',
			},
		],
		default: 'get',
	},
	...get.description,
	...update.description,
];
