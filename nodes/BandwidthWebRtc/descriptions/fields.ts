import type { INodeProperties } from 'n8n-workflow';

/** Fields used by several operations; each operation adds its own displayOptions. */

export const participantIdField: INodeProperties = {
	displayName: 'Participant ID',
	name: 'participantId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 320e2af6-13ec-498d-8b51-daba52c37853',
	description:
		'The ID of the participant, as Create Participant returns it. Map it from a previous node\'s output rather than typing it.',
};

export const sessionIdField: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 75c21163-e110-41bc-bd76-1bb428ec85d5',
	description:
		'The ID of the session, as Create Session returns it. Sessions end after 9 hours.',
};

export const tagField: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'string',
	default: '',
	description:
		'Your own label, at most 50 characters. Bandwidth asks that it hold no personal data: use an ID from your own system, not a name or email.',
};

/** The subscriptions collection, stored as saved workflows expect (docs/reference.md, WebRTC v1 operations); sent as the API's subscriptions object. */
export function subscriptionsField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Subscriptions',
		name: 'subscriptions',
		type: 'collection',
		placeholder: 'Add Subscription Setting',
		default: {},
		description:
			'Whose media this participant receives. A list of participants takes precedence over a session ID; a session ID alone subscribes to everyone in that session, later joiners included.',
		options: [
			{
				displayName: 'Session ID',
				name: 'sessionId',
				type: 'string',
				default: '',
				description: 'Subscribe to every participant of this session, including those who join later',
			},
			{
				displayName: 'Participants',
				name: 'participants',
				type: 'fixedCollection',
				placeholder: 'Add Participant',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Subscribe to these participants only',
				options: [
					{
						displayName: 'Participant',
						name: 'participant',
						values: [
							{
								displayName: 'Participant ID',
								name: 'participantId',
								type: 'string',
								default: '',
								description: 'The participant to receive media from',
							},
							{
								displayName: 'Stream Aliases',
								name: 'streamAliases',
								type: 'string',
								default: '',
								placeholder: 'e.g. camera, screen',
								description:
									'Comma-separated aliases of the streams to receive; leave empty to receive all of them',
							},
						],
					},
				],
			},
		],
		...overrides,
	};
}
