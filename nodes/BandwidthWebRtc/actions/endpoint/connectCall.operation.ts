import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { endpointIdField } from '../../descriptions/endpointFields';
import { checkEndpointIdForBxml, checkXmlText } from '../../helpers/connectBxml';
import { buildConnectBxml, readEndpointId } from '../../helpers/endpointRequest';
import { checkCallbackUrl } from '../../helpers/validation';

/**
 * BRTC's counterpart of v1's Transfer BXML: the Voice API answer that puts a phone call through
 * to an endpoint. Nothing is sent to Bandwidth: the output goes to "Respond to Webhook".
 */
const properties: INodeProperties[] = [
	{
		displayName:
			'This builds BXML only; nothing is sent to Bandwidth. Bandwidth connects a call to an endpoint only once its device publishes audio, which it signals with the endpointEligible event: connect the endpoint of an endpointEligible event (Bandwidth WebRTC Trigger), not one just created. Answer Bandwidth Voice\'s call callback with connectBxml (Respond to Webhook, Content-Type application/xml).',
		name: 'connectCallNotice',
		type: 'notice',
		default: '',
	},
	{
		...endpointIdField,
		description:
			'The endpoint to connect the call to, e.g. {{ $json.endpointId }} of an endpointEligible event',
	},
	{
		displayName: 'Options',
		name: 'connectOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Connect Event Callback URL',
				name: 'eventCallbackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://your-n8n.example.com/webhook/connect-status',
				description: 'The eventCallbackUrl of the &lt;Connect&gt; verb: where Bandwidth sends the Connect status (initiated, completed, timed out, …)',
			},
			{
				displayName: 'Connect Event Fallback URL',
				name: 'eventFallbackUrl',
				type: 'string',
				default: '',
				description: 'The eventFallbackUrl of the &lt;Connect&gt; verb: used when the Connect Event Callback URL does not answer with a 2xx',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['endpoint'], operation: ['connectCall'] } },
	properties,
);

interface ConnectOptions {
	eventCallbackUrl?: string;
	eventFallbackUrl?: string;
}

/** Runs without a credential or a request (see the router's local operations). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const endpointId = checkEndpointIdForBxml(node, itemIndex, readEndpointId(this, itemIndex));
	const options = this.getNodeParameter('connectOptions', itemIndex, {}) as ConnectOptions;
	const url = (field: string, value: unknown) => {
		const checked = checkCallbackUrl(node, itemIndex, field, value);
		return checked === undefined ? undefined : checkXmlText(node, itemIndex, field, checked);
	};
	const connectBxml = buildConnectBxml(endpointId, {
		eventCallbackUrl: url('Connect Event Callback URL', options.eventCallbackUrl),
		eventFallbackUrl: url('Connect Event Fallback URL', options.eventFallbackUrl),
	});
	return { endpointId, connectBxml };
}
