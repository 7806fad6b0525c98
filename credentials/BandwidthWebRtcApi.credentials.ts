import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { accountIdProperty, baseUrlProperty, credentialTestRules, readImpossibleParticipant } from './shared';

export class BandwidthWebRtcApi implements ICredentialType {
	name = 'bandwidthWebRtcApi';

	displayName = 'Bandwidth WebRTC API';

	icon: Icon = { light: 'file:../icons/bandwidth.svg', dark: 'file:../icons/bandwidth.dark.svg' };

	documentationUrl = 'https://dev.bandwidth.com/docs/account/credentials/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Bandwidth retired API-user (username and password) authentication on 2 December 2026, so expect it to refuse this credential with 401. For WebRTC v1, switch the node\'s Authentication to OAuth2 with a "Bandwidth WebRTC OAuth2 API" credential; new accounts use BRTC (Resource: Endpoint) with a "Bandwidth BRTC OAuth2 API" credential.',
			name: 'retirementNotice',
			type: 'notice',
			default: '',
		},
		accountIdProperty,
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			description: 'The username of an API user with WebRTC access (not your own login)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		baseUrlProperty,
	];

	// A function rather than a generic block: n8n would evaluate two expressions per request to
	// fill the generic block, a measurable share of each item's time at volume (npm run bench).
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		auth: { username: String(credentials.username ?? ''), password: String(credentials.password ?? '') },
	});

	// Reads a participant that cannot exist: a right pair gets 404 (nothing is created), a wrong
	// or retired pair 401, and an API user without access to the account 403.
	test: ICredentialTestRequest = {
		request: readImpossibleParticipant,
		rules: credentialTestRules(
			'Bandwidth refused this username and password (401 Unauthorized). API-user authentication retired on 2 December 2026: use a "Bandwidth WebRTC OAuth2 API" credential',
			'This API user has no WebRTC access to this account ID (Bandwidth answered 403 Forbidden)',
		),
	};
}
