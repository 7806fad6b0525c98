import type { INodeProperties } from 'n8n-workflow';

import { MAX_ENDPOINT_TAG_LENGTH } from '../helpers/endpointRequest';
import { deleteOptionsFor } from './deleteOptions';

/** BRTC Endpoints fields, named as Bandwidth's Endpoints API names them. */

export const endpointIdField: INodeProperties = {
	displayName: 'Endpoint ID',
	name: 'endpointId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. e-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85',
	description: 'The ID of the endpoint, as Create returns it in endpointId. Endpoints live 24 hours.',
};

export const endpointTypeField: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	required: true,
	options: [{ name: 'WebRTC', value: 'WEBRTC', description: 'A browser or app connecting over WebRTC' }],
	default: 'WEBRTC',
	description: 'The kind of endpoint. WebRTC is the only kind Bandwidth offers today.',
};

export const endpointDirectionField: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'options',
	required: true,
	options: [
		{ name: 'Bidirectional', value: 'BIDIRECTIONAL', description: 'Calls both to and from the endpoint' },
		{ name: 'Inbound', value: 'INBOUND', description: 'Calls to the endpoint' },
		{ name: 'Outbound', value: 'OUTBOUND', description: 'Calls from the endpoint' },
	],
	default: 'BIDIRECTIONAL',
	description: 'Which calls the endpoint takes part in',
};

/**
 * Picks the Bandwidth BRTC OAuth2 API credential for resource Endpoint. Its own parameter, not a
 * value of `authentication` (whose saved value belongs to WebRTC v1 workflows). Shown through
 * `hide`: n8n's editor hides the parameters named in the `show` of a field a credential depends on.
 */
export const brtcAuthenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'brtcAuthentication',
	type: 'options',
	options: [
		{
			name: 'OAuth2 (Client Credentials)',
			value: 'oAuth2',
			description: 'A Bandwidth BRTC OAuth2 API credential: client ID and secret with BRTC access',
		},
	],
	default: 'oAuth2',
	// Connect a Call (BXML) sends nothing, so it asks for no credential.
	displayOptions: { hide: { resource: ['participant', 'session', 'subscription'], operation: ['connectCall'] } },
};

export const endpointAdditionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{
			displayName: 'Connection Metadata',
			name: 'connectionMetadata',
			type: 'json',
			default: '{}',
			description:
				'A JSON object sent as connectionMetadata. Bandwidth\'s spec declares it as an object and documents no fields.',
		},
		{
			displayName: 'Event Callback URL',
			name: 'eventCallbackUrl',
			type: 'string',
			default: '',
			placeholder: 'https://your-n8n.example.com/webhook/…/webhook',
			description:
				'Where Bandwidth posts this endpoint\'s events (connected, disconnected, eligible, ineligible). Paste the Production URL of a Bandwidth WebRTC Trigger node here.',
		},
		{
			displayName: 'Event Fallback URL',
			name: 'eventFallbackUrl',
			type: 'string',
			default: '',
			description:
				'Where Bandwidth posts an event when the Event Callback URL does not answer with a 2xx',
		},
		{
			displayName: 'Tag',
			name: 'tag',
			type: 'string',
			default: '',
			description: `Your own label, at most ${MAX_ENDPOINT_TAG_LENGTH} characters, for example an ID from your CRM or a JSON string. Bandwidth sends it back in the endpoint's events.`,
		},
	],
};

export const createEndpointOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Connect Event Callback URL',
			name: 'connectEventCallbackUrl',
			type: 'string',
			default: '',
			description: 'Optional eventCallbackUrl of the &lt;Connect&gt; verb: where Bandwidth sends the Connect status',
			displayOptions: { show: { includeConnectBxml: [true] } },
		},
		{
			displayName: 'Connect Event Fallback URL',
			name: 'connectEventFallbackUrl',
			type: 'string',
			default: '',
			description: 'Optional eventFallbackUrl of the &lt;Connect&gt; verb',
			displayOptions: { show: { includeConnectBxml: [true] } },
		},
		{
			displayName: 'Include Connect BXML',
			name: 'includeConnectBxml',
			type: 'boolean',
			default: false,
			description: 'Whether to add connectBxml to the output: Voice API BXML (&lt;Connect&gt;&lt;Endpoint&gt;) that connects a phone call to this endpoint',
		},
		{
			displayName: 'Include Token Expiry',
			name: 'includeTokenExpiry',
			type: 'boolean',
			default: false,
			description:
				'Whether to add tokenExpiresAt and tokenExpiresInSeconds to the output, read from the token itself (its exp claim)',
		},
		{
			displayName: 'Leave Out Device Token',
			name: 'omitToken',
			type: 'boolean',
			default: false,
			description:
				'Whether to drop the device token from the output. Used as an AI agent\'s tool, the node hands its whole output to the model, token included, unless this is on; turn it on when the model need not pass the token on (the endpoint ID and expirationTimestamp stay).',
		},
	],
};

export const endpointDeleteOptions = deleteOptionsFor('expired after 24 hours');
