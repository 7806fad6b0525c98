import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../node.type';
import * as addParticipant from './addParticipant.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getParticipants from './getParticipants.operation';
import * as removeParticipant from './removeParticipant.operation';

export const operations = {
	addParticipant: addParticipant.execute,
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	getParticipants: getParticipants.execute,
	removeParticipant: removeParticipant.execute,
} satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Add Participant',
				value: 'addParticipant',
				description: 'Put a participant in a session',
				action: 'Add a participant to a session and return the session ID and participant ID',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a session',
				action: 'Create a session and return its ID and tag',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a session, disconnecting everyone in it',
				action: 'Delete a session and return its ID',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a session',
				action: 'Get a session with its ID and tag',
			},
			{
				name: 'Get Participants',
				value: 'getParticipants',
				description: 'List the participants in a session as one item each',
				action: 'List the participants in a session as one item each',
			},
			{
				name: 'Remove Participant',
				value: 'removeParticipant',
				description: 'Take a participant out of a session',
				action: 'Remove a participant from a session and return the session ID and participant ID',
			},
		],
		default: 'create',
	},
	...addParticipant.description,
	...create.description,
	...del.description,
	...get.description,
	...getParticipants.description,
	...removeParticipant.description,
];
