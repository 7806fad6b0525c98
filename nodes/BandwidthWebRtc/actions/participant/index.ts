import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../node.type';

import { callbackAuthenticationField } from '../../descriptions/participantFields';

import * as create from './create.operation';
import * as createInSession from './createInSession.operation';
import * as del from './delete.operation';
import * as get from './get.operation';

export const operations = {
	create: create.execute,
	createInSession: createInSession.execute,
	delete: del.execute,
	get: get.execute,
} satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['participant'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a participant and its device token',
				action: 'Create a participant and return its ID and device token',
			},
			{
				name: 'Create in Session',
				value: 'createInSession',
				description:
					'Create a participant, create a session if none is given, and put the participant in it',
				action: 'Create a participant in a session and return its ID, device token and session',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a participant, ending its connection',
				action: 'Delete a participant and return its ID',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a participant',
				action: 'Get a participant with its permissions and tag',
			},
		],
		default: 'create',
	},
	callbackAuthenticationField,
	...create.description,
	...createInSession.description,
	...del.description,
	...get.description,
];
