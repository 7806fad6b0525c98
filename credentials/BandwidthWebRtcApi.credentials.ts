import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class BandwidthWebRtcApi implements ICredentialType {
	name = 'bandwidthWebRtcApi';

	displayName = 'Bandwidth WebRTC API';

	icon: Icon = { light: 'file:bandwidth.svg', dark: 'file:bandwidth.dark.svg' };

	documentationUrl = 'https://dev.bandwidth.com/docs/account/credentials/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Bandwidth retires API-user (username and password) authentication on 2 December 2026. If requests start failing with 401, switch the node to OAuth2 with a "Bandwidth WebRTC OAuth2 API" credential.',
			name: 'retirementNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '9900000',
			description: 'Your Bandwidth account ID, shown at the top of the Bandwidth App',
		},
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
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.webrtc.bandwidth.com/v1',
			description:
				'Leave as is for Bandwidth\'s production API. Change it only for another host, such as a local simulator.',
		},
	];

	// A function rather than a generic block: n8n would evaluate two expressions per request to
	// fill the generic block, a measurable share of each item's time at volume (npm run bench).
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		auth: { username: String(credentials.username ?? ''), password: String(credentials.password ?? '') },
	});

	// Reads a participant that cannot exist: a right pair gets 404 (nothing is created), a wrong
	// pair 401, and an API user without access to the account 403.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/accounts/{{encodeURIComponent($credentials.accountId)}}/participants/n8n-credential-test',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Unauthorized',
					message: 'Wrong username or password (Bandwidth answered 401 Unauthorized)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Forbidden',
					message:
						'This API user has no WebRTC access to this account ID (Bandwidth answered 403 Forbidden)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Missing Authentication Token',
					message: 'The base URL does not point at the WebRTC v1 API (Bandwidth answered 403)',
				},
			},
		],
	};
}
