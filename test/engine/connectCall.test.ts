import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runBandwidthNode } from '../harness';
import { brtcCredentialTypes, useBrtcSimulator } from './endpointFixtures';
import { jsonOf } from './fixtures';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

describe('Endpoint → Connect a Call (BXML)', () => {
	const context = useBrtcSimulator();
	const connect = (parameters: IDataObject, items?: IDataObject[], continueOnFail = false) =>
		context.run({ operation: 'connectCall', ...parameters } as never, { items, continueOnFail });

	it('outputs <Connect><Endpoint> BXML per item, mapped from the item, and sends nothing', async () => {
		const run = await connect({ endpointId: '={{ $json.endpointId }}' }, [{ endpointId: 'e-111' }, { endpointId: ' e-222 ' }]);
		expect(run.error).toBeUndefined();
		expect(jsonOf(run.items)).toEqual([
			{ endpointId: 'e-111', connectBxml: `${XML_DECLARATION}<Response><Connect><Endpoint>e-111</Endpoint></Connect></Response>` },
			{ endpointId: 'e-222', connectBxml: `${XML_DECLARATION}<Response><Connect><Endpoint>e-222</Endpoint></Connect></Response>` },
		]);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(context.sim.requests).toEqual([]);
	});

	it('needs no credential at all', async () => {
		const run = await runBandwidthNode({
			parameters: { resource: 'endpoint', operation: 'connectCall', endpointId: 'e-1' },
			// A helper that knows the credential types but holds no credential: any read would fail.
			credentialsHelper: credentialsFor('bandwidthWebRtcCallbackApi', { secret: 'unused' }, brtcCredentialTypes()),
			credentialType: 'bandwidthBrtcOAuth2Api',
		});
		expect(run.error).toBeUndefined();
		expect(jsonOf(run.items)[0].endpointId).toBe('e-1');
	});

	it('puts the Connect event URLs into the verb, escaped', async () => {
		const run = await connect({
			endpointId: 'e-1',
			connectOptions: {
				eventCallbackUrl: 'https://n8n.example.com/webhook/connect?call=1&leg="a"',
				eventFallbackUrl: 'https://fallback.example.com/status',
			},
		});
		expect(jsonOf(run.items)[0].connectBxml).toBe(
			`${XML_DECLARATION}<Response><Connect eventCallbackUrl="https://n8n.example.com/webhook/connect?call=1&amp;leg=&quot;a&quot;" eventFallbackUrl="https://fallback.example.com/status"><Endpoint>e-1</Endpoint></Connect></Response>`,
		);
	});

	it('escapes the endpoint ID', async () => {
		const run = await connect({ endpointId: 'e-<1>&"' });
		expect(jsonOf(run.items)[0].connectBxml).toContain('<Endpoint>e-&lt;1&gt;&amp;&quot;</Endpoint>');
	});

	it.each([
		[{ endpointId: '={{ "" }}' }, 'Invalid "Endpoint ID" [item 0]: it is empty'],
		[{ endpointId: 'e-1/../x' }, 'Invalid "Endpoint ID" [item 0]'],
		[{ endpointId: 'e-1 e-2' }, 'Invalid "Endpoint ID" [item 0]: "e-1 e-2" holds whitespace'],
		[{ endpointId: 'e-\u0001' }, 'Invalid "Endpoint ID" [item 0]: it holds the character U+0001'],
		[{ endpointId: 'e-1', connectOptions: { eventCallbackUrl: 'not a url' } }, 'Invalid "Connect Event Callback URL" [item 0]'],
		[{ endpointId: 'e-1', connectOptions: { eventFallbackUrl: 'ftp://x.example.com' } }, 'Invalid "Connect Event Fallback URL" [item 0]'],
	])('refuses bad input %j, naming the field and the item', async (parameters, message) => {
		const run = await connect(parameters);
		expect(run.error?.message).toContain(message);
		expect(run.error?.name).toBe('NodeOperationError');
	});

	it('with continue on fail, a bad item becomes an error item and the others go on', async () => {
		const run = await connect({ endpointId: '={{ $json.id }}' }, [{ id: 'e-1' }, { id: '' }, { id: 'e-3' }], true);
		expect(jsonOf(run.items).map((json) => json.endpointId ?? json.error)).toEqual([
			'e-1',
			'Invalid "Endpoint ID" [item 1]: it is empty',
			'e-3',
		]);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
