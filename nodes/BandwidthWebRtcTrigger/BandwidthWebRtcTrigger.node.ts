import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { parseParticipantEvent, readJsonObject } from './helpers/payload';
import type { JsonResponse } from './helpers/respond';
import { reply } from './helpers/respond';
import { checkSecret, SECRET_HEADER, SECRET_QUERY_PARAMETER } from './helpers/secret';

export class BandwidthWebRtcTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bandwidth WebRTC Trigger',
		name: 'bandwidthWebRtcTrigger',
		icon: { light: 'file:bandwidth.svg', dark: 'file:bandwidth.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when a Bandwidth WebRTC participant connects, leaves or disconnects',
		defaults: {
			name: 'Bandwidth WebRTC Trigger',
		},
		inputs: [],
		outputs: ['main'],
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
					'Paste this node\'s Production URL into the Bandwidth WebRTC node\'s Create Participant operation, under Additional Fields > Callback URL. Bandwidth sends events only for participants created with that URL. Participant callbacks are a beta feature that Bandwidth turns on per account: ask Bandwidth support if no event arrives.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
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
					'Events that start the workflow. Others are answered with 200 and start nothing.',
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Bandwidth does not sign its callbacks. When set, only requests carrying this value are accepted: add "?secret=" and the value to the end of the Callback URL (URL-encode anything other than letters and digits), or send it in an X-Webhook-Secret header. Requests without it get 401, with a wrong one 403.',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject() as JsonResponse;

		// Checked before the body, so an outsider learns nothing about what would be accepted.
		const secret = this.getNodeParameter('secret', '') as string;
		const query = this.getQueryData() as IDataObject;
		const secretCheck = checkSecret(secret, [
			this.getHeaderData()[SECRET_HEADER],
			query[SECRET_QUERY_PARAMETER],
		]);
		if (secretCheck === 'missing') return reply(res, 401, { error: 'Secret missing' });
		if (secretCheck === 'wrong') return reply(res, 403, { error: 'Secret invalid' });

		const body = readJsonObject(this.getBodyData(), this.getRequestObject().rawBody);
		if (!body.ok) return reply(res, 400, { error: body.error });
		const callback = parseParticipantEvent(body.value);
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
