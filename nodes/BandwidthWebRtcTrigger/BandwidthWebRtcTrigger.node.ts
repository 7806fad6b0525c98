import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isBrtcPayload, parseBrtcEvent } from './helpers/brtcPayload';
import { parseParticipantEvent, readJsonObject } from './helpers/payload';
import type { JsonResponse } from './helpers/respond';
import { reply } from './helpers/respond';
import { callbackSecretCredentialTest, CALLBACK_SECRET_HEADER, CALLBACK_SECRET_QUERY_PARAMETER } from '../../credentials/shared';
import { checkSecret } from './helpers/secret';

export class BandwidthWebRtcTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bandwidth WebRTC Trigger',
		name: 'bandwidthWebRtcTrigger',
		icon: { light: 'file:../../icons/bandwidth.svg', dark: 'file:../../icons/bandwidth.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a Bandwidth WebRTC participant connects, leaves or disconnects, or on a BRTC endpoint event',
		defaults: {
			name: 'Bandwidth WebRTC Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'bandwidthWebRtcCallbackApi',
				required: true,
				// What can be tested of a shared secret: its strength (credentials/shared.ts).
				testedBy: 'callbackSecretStrength',
				displayOptions: { show: { authentication: ['callbackSecret'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Paste this node\'s Production URL into the Bandwidth WebRTC node\'s Create Participant operation, under Additional Fields > Callback URL. Bandwidth sends events only for participants created with that URL. Participant callbacks are a beta feature that Bandwidth turns on per account: ask Bandwidth support if no event arrives. For BRTC, paste it into Endpoint > Create, under Additional Fields > Event Callback URL (and Event Fallback URL), and select the Endpoint events below. To accept only callbacks that carry a secret, set Authentication to Callback Secret.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'Callback Secret',
						value: 'callbackSecret',
						description:
							'Accept only callbacks carrying the secret of a Bandwidth WebRTC Callback API credential',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept callbacks from anyone who knows the URL',
					},
				],
				default: 'none',
				description:
					'Bandwidth does not sign its callbacks: without a secret, anyone who learns the URL can start this workflow',
			},
			{
				displayName:
					'Select or create a "Bandwidth WebRTC Callback API" credential holding a long random secret. Then, as the Callback URL, give Bandwidth this node\'s Production URL with "?secret=" and that secret appended (URL-encode anything other than letters and digits). Other senders may send the secret in an X-Webhook-Secret header instead. Requests without the secret get 401, with a wrong one 403, and start nothing.',
				name: 'callbackSecretNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['callbackSecret'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Endpoint Connected (BRTC)',
						value: 'endpointConnected',
						description: 'A device connected with the endpoint\'s token (BRTC endpointConnected, or the spec\'s DEVICE_CONNECTED)',
					},
					{
						name: 'Endpoint Disconnected (BRTC)',
						value: 'endpointDisconnected',
						description: 'A device disconnected (BRTC endpointDisconnected, or the spec\'s DEVICE_DISCONNECTED)',
					},
					{
						name: 'Endpoint Eligible (BRTC)',
						value: 'endpointEligible',
						description: 'The endpoint is available to be connected to a call',
					},
					{
						name: 'Endpoint Ineligible (BRTC)',
						value: 'endpointIneligible',
						description: 'The endpoint is in a call and not available',
					},
					{
						name: 'Outbound Connection Request (BRTC)',
						value: 'outboundConnectionRequest',
						description: 'The endpoint asks to call a destination',
					},
					{
						name: 'Participant Connected',
						value: 'onConnect',
						description: 'Bandwidth\'s onConnect event',
					},
					{
						name: 'Participant Disconnected',
						value: 'onDisconnect',
						description: 'Bandwidth\'s onDisconnect event',
					},
					{
						name: 'Participant Left',
						value: 'onLeave',
						description: 'Bandwidth\'s onLeave event',
					},
				],
				default: ['onConnect', 'onLeave', 'onDisconnect'],
				description:
					'Events that start the workflow. Others are answered with 200 and start nothing. For BRTC endpoints, select the Endpoint events.',
			},
		],
	};

	methods = { credentialTest: callbackSecretCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject() as JsonResponse;

		// Checked before the body, so an outsider learns nothing about what would be accepted.
		if (this.getNodeParameter('authentication', 'none') === 'callbackSecret') {
			let secret: unknown;
			try {
				secret = (await this.getCredentials('bandwidthWebRtcCallbackApi')).secret;
			} catch {
				// No credential selected, or it cannot be read: refused below like an empty secret.
			}
			const query = this.getQueryData() as IDataObject;
			const secretCheck = checkSecret(secret, [this.getHeaderData()[CALLBACK_SECRET_HEADER], query[CALLBACK_SECRET_QUERY_PARAMETER]]);
			// As n8n's Webhook node: a trigger without a secret to compare with accepts nothing.
			if (secretCheck === 'unconfigured') return reply(res, 500, { error: 'No callback secret is set up for this trigger' });
			if (secretCheck === 'missing') return reply(res, 401, { error: 'Secret missing' });
			if (secretCheck === 'wrong') return reply(res, 403, { error: 'Secret invalid' });
		}

		const body = readJsonObject(this.getBodyData(), this.getRequestObject().rawBody);
		if (!body.ok) return reply(res, 400, { error: body.error });
		// BRTC endpoint events and WebRTC v1 participant events arrive at the same URL.
		const callback = isBrtcPayload(body.value) ? parseBrtcEvent(body.value) : parseParticipantEvent(body.value);
		if (!callback.ok) return reply(res, 400, { error: callback.error });

		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(callback.value.event)) {
			return reply(res, 200, { received: true, ignored: true });
		}

		// Answered before the workflow runs: Bandwidth should not wait on it.
		reply(res, 200, { received: true });
		return {
			noWebhookResponse: true,
			workflowData: [this.helpers.returnJsonArray(callback.value)],
		};
	}
}
