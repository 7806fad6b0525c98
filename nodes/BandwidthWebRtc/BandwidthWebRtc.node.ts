import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as participant from './actions/participant';
import { router } from './actions/router';
import * as session from './actions/session';
import * as subscription from './actions/subscription';
import { requestOptionsField } from './descriptions/requestOptions';

export class BandwidthWebRtc implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bandwidth WebRTC',
		name: 'bandwidthWebRtc',
		icon: { light: 'file:bandwidth.svg', dark: 'file:bandwidth.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create WebRTC participants and sessions with Bandwidth\'s WebRTC v1 API',
		defaults: {
			name: 'Bandwidth WebRTC',
		},
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{
				name: 'bandwidthWebRtcApi',
				required: true,
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
			{
				name: 'bandwidthWebRtcOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'bandwidthWebRtcCallbackApi',
				required: true,
				// Only this parameter: n8n's editor hides every parameter a credential's displayOptions
				// name (it takes them for authentication fields), so Resource and Operation would vanish.
				displayOptions: { show: { callbackAuthentication: ['callbackSecret'] } },
			},
		],
		properties: [
			{
				displayName:
					'WebRTC v1 is Bandwidth\'s legacy WebRTC product: Bandwidth stopped selling it in May 2023 and existing accounts keep using it. New projects should ask Bandwidth about its current WebRTC (BRTC) API.',
				name: 'legacyNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'API User (Basic Auth)',
						value: 'basicAuth',
						description: 'Username and password of an API user; Bandwidth retires this on 2 December 2026',
					},
					{
						name: 'OAuth2 (Client Credentials)',
						value: 'oAuth2',
						description: 'Client ID and secret; Bandwidth\'s replacement for API-user passwords',
					},
				],
				default: 'basicAuth',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Participant', value: 'participant' },
					{ name: 'Session', value: 'session' },
					{ name: 'Subscription', value: 'subscription' },
				],
				default: 'participant',
			},
			...participant.description,
			...session.description,
			...subscription.description,
			requestOptionsField,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
