import type { INodeProperties } from 'n8n-workflow';

import type { LocalOperationMap, OperationMap } from '../node.type';
import * as connectCall from './connectCall.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as updateBxml from './updateBxml.operation';

export const operations = {
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	getAll: getAll.execute,
	updateBxml: updateBxml.execute,
} satisfies OperationMap;

/** Operations that send nothing to Bandwidth: they run without a credential. */
export const localOperations = {
	connectCall: connectCall.execute,
} satisfies LocalOperationMap;

/** BRTC Endpoints: Bandwidth's current WebRTC product (https://api.bandwidth.com/v2). */
export const description: INodeProperties[] = [
	{
		displayName:
			'Endpoints belong to BRTC, Bandwidth\'s current WebRTC product, and use a "Bandwidth BRTC OAuth2 API" credential (OAuth2 client credentials with BRTC access). Endpoints and their tokens live 24 hours.',
		name: 'brtcNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['endpoint'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['endpoint'] } },
		options: [
			{
				name: 'Connect a Call (BXML)',
				value: 'connectCall',
				description:
					'Build the Voice API BXML that connects a phone call to an endpoint (no request is sent)',
				action: 'Build BXML that connects a phone call to a BRTC endpoint and return it for the webhook answer',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create an endpoint and its device token (valid 24 hours). As an AI agent\'s tool, the model receives the token too unless Options > Leave Out Device Token is on.',
				action: 'Create a BRTC endpoint and return its ID, device token and expiry',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an endpoint, ending its token and connections',
				action: 'Delete a BRTC endpoint and return its ID',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an endpoint and its devices',
				action: 'Get a BRTC endpoint with its status and expiry and devices',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the endpoints of the account',
				action: 'List the BRTC endpoints of the account with each ID and status and tag',
			},
			{
				name: 'Update BXML',
				value: 'updateBxml',
				description: 'Send a BXML document to be executed against the endpoint',
				action: 'Send a BXML document to a BRTC endpoint and return its ID',
			},
		],
		default: 'create',
	},
	...connectCall.description,
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...updateBxml.description,
];
