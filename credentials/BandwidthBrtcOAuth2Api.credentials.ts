import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { BandwidthWebRtcOAuth2Api } from './BandwidthWebRtcOAuth2Api.credentials';
import { accountIdProperty, clientIdProperty, clientSecretProperty, DEFAULT_BRTC_BASE_URL } from './shared';

/**
 * The credential for Bandwidth's current WebRTC product, BRTC Endpoints: OAuth2 client
 * credentials only (the BRTC docs authenticate with Bearer tokens), its own base URL, and a test
 * that asks the Endpoints API, so that a customer without WebRTC v1 can check it.
 *
 * The token is fetched exactly as for the WebRTC v1 OAuth2 credential (same token URL, same
 * client-credentials grant, same hidden token fields): this class inherits that behaviour and
 * replaces only what differs, the fields shown and the test.
 */
export class BandwidthBrtcOAuth2Api extends BandwidthWebRtcOAuth2Api implements ICredentialType {
	name = 'bandwidthBrtcOAuth2Api';

	displayName = 'Bandwidth BRTC OAuth2 API';

	icon: Icon = { light: 'file:../icons/bandwidth.svg', dark: 'file:../icons/bandwidth.dark.svg' };

	documentationUrl = 'https://dev.bandwidth.com/docs/brtc/endpoints';

	properties: INodeProperties[] = [
		{
			displayName:
				'For Bandwidth\'s current WebRTC product, BRTC (Endpoints). Use the client ID and secret of an OAuth2 client credential with BRTC access. For the legacy WebRTC v1 API (participants and sessions), use a "Bandwidth WebRTC API" or "Bandwidth WebRTC OAuth2 API" credential instead.',
			name: 'brtcNotice',
			type: 'notice',
			default: '',
		},
		accountIdProperty,
		clientIdProperty('BRTC'),
		clientSecretProperty,
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BRTC_BASE_URL,
			description:
				"Leave as is for Bandwidth's production API. Change it only for another host, such as a local simulator.",
		},
		// Token URL and the hidden token fields, exactly as the WebRTC v1 OAuth2 credential has them,
		// since its preAuthentication fills them.
		...inheritedTokenProperties(),
	];

	// n8n fetches a fresh token first (preAuthentication), then this lists at most one endpoint:
	// nothing is created. The rules see only the body: BRTC's envelope {links, data, errors}.
	test: ICredentialTestRequest = {
		request: {
			url: `={{ (String($credentials.baseUrl || "").trim() || "${DEFAULT_BRTC_BASE_URL}").replace(/\\/+$/, "") + "/accounts/" + encodeURIComponent(String($credentials.accountId || "").trim()) + "/endpoints?limit=1" }}`,
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].type',
					value: 'unauthorized',
					message:
						'Bandwidth issued an access token, but the BRTC Endpoints API refused it (401 Unauthorized). Check that this OAuth2 client has BRTC access.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].type',
					value: 'forbidden',
					message:
						'This OAuth2 client has no BRTC access to this account ID (Bandwidth answered 403 Forbidden). Check the Account ID, and ask Bandwidth to enable BRTC.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].type',
					value: 'resource_not_found',
					message: 'Bandwidth found no BRTC account with this Account ID (404 Not Found)',
				},
			},
			// Every BRTC error answer carries `data: null`; a list answer carries a list.
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: null,
					message: 'The BRTC Endpoints API answered with an error. Check the Account ID and Base URL in the credential.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'links',
					value: undefined,
					message:
						"The base URL did not answer as Bandwidth's BRTC Endpoints API does (no {links, data, errors} envelope). Check the Base URL in the credential.",
				},
			},
		],
	};
}

/** The WebRTC v1 OAuth2 credential's token URL and hidden token fields, whatever they are named. */
function inheritedTokenProperties(): INodeProperties[] {
	const shown = new Set(['oauthNotice', 'accountId', 'clientId', 'clientSecret', 'baseUrl']);
	return new BandwidthWebRtcOAuth2Api().properties.filter((property) => !shown.has(property.name));
}
