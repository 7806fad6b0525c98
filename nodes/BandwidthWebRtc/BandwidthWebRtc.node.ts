import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { callbackSecretCredentialTest } from '../../credentials/shared';
import * as endpoint from './actions/endpoint';
import { brtcAuthenticationField } from './descriptions/endpointFields';
import * as participant from './actions/participant';
import { router } from './actions/router';
import * as session from './actions/session';
import * as subscription from './actions/subscription';
import { requestOptionsField } from './descriptions/requestOptions';

const authenticationFields: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'API User (Basic Auth)',
				value: 'basicAuth',
				description: 'Username and password of an API user. Bandwidth retired this on 2 December 2026: use OAuth2.',
			},
			{
				name: 'OAuth2 (Client Credentials)',
				value: 'oAuth2',
				description: 'Client ID and secret; Bandwidth\'s replacement for API-user passwords',
			},
		],
		default: 'basicAuth',
		displayOptions: { show: { '@version': [1] }, hide: { resource: ['endpoint'] } },
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'API User (Basic Auth, Retired)',
				value: 'basicAuth',
				description: 'Username and password of an API user. Bandwidth retired this on 2 December 2026: use OAuth2.',
			},
			{
				name: 'OAuth2 (Client Credentials)',
				value: 'oAuth2',
				description: 'Client ID and secret; Bandwidth\'s replacement for API-user passwords',
			},
		],
		default: 'oAuth2',
		displayOptions: { show: { '@version': [2] }, hide: { resource: ['endpoint'] } },
	},
];

/** Version 1 opens on Participant; version 2 on BRTC's Endpoint, with WebRTC v1 labelled legacy. */
const resourceFields: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Endpoint (BRTC)', value: 'endpoint' },
			{ name: 'Participant', value: 'participant' },
			{ name: 'Session', value: 'session' },
			{ name: 'Subscription', value: 'subscription' },
		],
		default: 'participant',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Endpoint (BRTC)', value: 'endpoint', description: "Bandwidth's current WebRTC product" },
			{ name: 'Participant (Legacy)', value: 'participant' },
			{ name: 'Session (Legacy)', value: 'session' },
			{ name: 'Subscription (Legacy)', value: 'subscription' },
		],
		default: 'endpoint',
		displayOptions: { show: { '@version': [2] } },
	},
];

export class BandwidthWebRtc implements INodeType {
	description: INodeTypeDescription & { sensitiveOutputFields?: string[] } = {
		displayName: 'Bandwidth WebRTC',
		name: 'bandwidthWebRtc',
		icon: { light: 'file:../../icons/bandwidth.svg', dark: 'file:../../icons/bandwidth.dark.svg' },
		group: ['output'],
		// Version 2 opens on BRTC (resource Endpoint, its credential); version 1 keeps its defaults
		// for the workflows saved with it (n8n stores no parameter left at its default).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create WebRTC participants and sessions (Bandwidth WebRTC v1) and endpoints (BRTC)',
		defaults: {
			name: 'Bandwidth WebRTC',
		},
		usableAsTool: true,
		// n8n 2.41+ redacts these output paths in stored and displayed executions (older n8n ignores
		// the key): the device tokens of Participant > Create (in Session) and Endpoint > Create.
		sensitiveOutputFields: ['token'],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
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
				// What can be tested of a shared secret: its strength (credentials/shared.ts).
				testedBy: 'callbackSecretStrength',
				// Only this parameter: n8n's editor hides every parameter a credential's displayOptions
				// name (it takes them for authentication fields), so Resource and Operation would vanish.
				displayOptions: { show: { callbackAuthentication: ['callbackSecret'] } },
			},
			// BRTC (resource Endpoint) has its own credential, chosen by its own authentication
			// parameter (shown for Endpoint only): see "Credentials for BRTC" in docs/reference.md.
			{
				name: 'bandwidthBrtcOAuth2Api',
				required: true,
				displayOptions: { show: { brtcAuthentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName:
					'WebRTC v1 is Bandwidth\'s legacy WebRTC product: Bandwidth stopped selling it in May 2023 and existing accounts keep using it. New accounts get BRTC, Bandwidth\'s current WebRTC product: choose Resource > Endpoint (BRTC).',
				name: 'legacyNotice',
				type: 'notice',
				default: '',
				displayOptions: { hide: { resource: ['endpoint'] } },
			},
			...authenticationFields,
			brtcAuthenticationField,
			...resourceFields,
			...endpoint.description,
			...participant.description,
			...session.description,
			...subscription.description,
			requestOptionsField,
		],
	};

	methods = { credentialTest: callbackSecretCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
