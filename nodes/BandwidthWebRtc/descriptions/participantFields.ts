import type { INodeProperties } from 'n8n-workflow';

import { subscriptionsField, tagField } from './fields';

/** What both Create and Create in Session send when creating a participant. */

export const publishPermissionsField: INodeProperties = {
	displayName: 'Publish Permissions',
	name: 'publishPermissions',
	type: 'multiOptions',
	options: [
		{ name: 'Audio', value: 'AUDIO' },
		{ name: 'Video', value: 'VIDEO' },
	],
	default: ['AUDIO', 'VIDEO'],
	description: 'What the participant may send. Leave both off for a listen-only participant.',
};

/**
 * Top level, so that the callback credential can be shown only when it is chosen. Shown for
 * Participant → Create and Create in Session (and Endpoint → Create, for its Event Callback and
 * Fallback URLs) through `hide`, not `show`: n8n's editor hides every
 * parameter named in the `show` of a field that a credential depends on (it takes them for
 * authentication fields), and Resource and Operation would vanish from the panel.
 */
export const callbackAuthenticationField: INodeProperties = {
	displayName: 'Callback Authentication',
	name: 'callbackAuthentication',
	type: 'options',
	displayOptions: {
		hide: { resource: ['session', 'subscription'], operation: ['get', 'delete', 'getAll', 'updateBxml', 'connectCall'] },
	},
	options: [
		{
			name: 'None',
			value: 'none',
			description: 'Send the Callback URL as it is',
		},
		{
			name: 'Callback Secret',
			value: 'callbackSecret',
			description:
				'Add the secret of a Bandwidth WebRTC Callback API credential to the Callback URL (for endpoints: the Event Callback and Fallback URLs) when the request is sent, for a Bandwidth WebRTC Trigger that requires it. The secret stays out of the workflow and is hidden in the output.',
		},
	],
	default: 'none',
};

export const participantAdditionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'https://your-n8n.example.com/webhook/…',
			description:
				'Where Bandwidth posts this participant\'s events (connect, leave, disconnect). To start a workflow on them, paste the Production URL of a Bandwidth WebRTC Trigger node here. Participant callbacks are a beta feature Bandwidth enables per account.',
		},
		{
			displayName: 'Device API Version',
			name: 'deviceApiVersion',
			type: 'options',
			options: [
				{ name: 'V3', value: 'V3', description: 'For the current browser SDKs' },
				{
					name: 'V2 (Legacy)',
					value: 'V2',
					description:
						'Only for accounts still on Bandwidth\'s legacy device API: the current API (spec 2.0.0) refuses it, and today\'s browser SDKs accept only V3 tokens',
				},
			],
			default: 'V3',
			description: 'The version of the device API the participant\'s token is for',
		},
		subscriptionsField({
			description:
				'Whose media this participant receives, set at creation. A list of participants takes precedence over a session ID.',
		}),
		tagField,
	],
};

export const createOutputOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Include Token Expiry',
			name: 'includeTokenExpiry',
			type: 'boolean',
			default: false,
			description:
				'Whether to add tokenExpiresAt and tokenExpiresInSeconds to the output, read from the token itself',
		},
		{
			displayName: 'Include Transfer BXML',
			name: 'includeTransferBxml',
			type: 'boolean',
			default: false,
			description:
				'Whether to add transferBxml to the output: Voice API BXML that brings a phone call into the participant\'s session',
		},
		{
			displayName: 'Voice Call ID',
			name: 'voiceCallId',
			type: 'string',
			default: '',
			placeholder: 'e.g. c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85',
			description:
				'The Voice API call to transfer, used in the Transfer BXML (optional: without it the BXML carries the token alone)',
			displayOptions: { show: { includeTransferBxml: [true] } },
		},
	],
};
