import type { IAuthenticateRuleResponseSuccessBody, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/** What both Bandwidth WebRTC credentials hold and how both are tested. */

export const accountIdProperty: INodeProperties = {
	displayName: 'Account ID',
	name: 'accountId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '9900000',
	description: 'Your Bandwidth account ID, shown at the top of the Bandwidth App',
};

export const baseUrlProperty: INodeProperties = {
	displayName: 'Base URL',
	name: 'baseUrl',
	type: 'string',
	default: 'https://api.webrtc.bandwidth.com/v1',
	description:
		"Leave as is for Bandwidth's production API. Change it only for another host, such as a local simulator.",
};

/**
 * Reads a participant that cannot exist: accepted credentials get 404 (nothing is created),
 * refused ones 401, and credentials without access to the account 403.
 */
export const readImpossibleParticipant: ICredentialTestRequest['request'] = {
	baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
	url: '=/accounts/{{encodeURIComponent($credentials.accountId)}}/participants/n8n-credential-test',
	method: 'GET',
	ignoreHttpStatusErrors: true,
};

export const wrongBaseUrlRule: IAuthenticateRuleResponseSuccessBody = {
	type: 'responseSuccessBody',
	properties: {
		key: 'message',
		value: 'Missing Authentication Token',
		message: 'The base URL does not point at the WebRTC v1 API (Bandwidth answered 403)',
	},
};
