// The node as an AI agent's tool: n8n (2.x) describes each tool node to the model as the
// operation's `action` + " in " + defaults.name (NodeHelpers.getToolDescriptionForNode), so the
// action is all the model knows of what the tool does and returns. Tokens are declared as
// sensitive output (n8n 2.41 redacts them in stored and displayed executions).
import type { INode, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { BandwidthWebRtc } from '../../nodes/BandwidthWebRtc/BandwidthWebRtc.node';
import { withHint } from '../../nodes/BandwidthWebRtc/transport/errors';

const description = new BandwidthWebRtc().description as INodeTypeDescription & { sensitiveOutputFields?: string[] };

function operationOptions(resource: string): INodePropertyOptions[] {
	const operation = description.properties.find(
		(p: INodeProperties) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	return (operation?.options ?? []) as INodePropertyOptions[];
}

const toolDescription = (resource: string, operation: string) =>
	NodeHelpers.getToolDescriptionForNode(
		{ name: 'Tool', type: 'x', typeVersion: 1, position: [0, 0], parameters: { resource, operation } } as unknown as INode,
		{ description } as never,
	);

describe('the node as an AI agent tool', () => {
	it('offers Endpoint > Create to a model as a sentence that names what comes back', () => {
		expect(toolDescription('endpoint', 'create')).toBe(
			'Create a BRTC endpoint and return its ID, device token and expiry in Bandwidth WebRTC',
		);
		expect(toolDescription('participant', 'create')).toBe(
			'Create a participant and return its ID and device token in Bandwidth WebRTC',
		);
	});

	it.each(['endpoint', 'participant', 'session', 'subscription'])(
		'every %s operation has an action that says what it returns or lists',
		(resource) => {
			const options = operationOptions(resource);
			expect(options.length).toBeGreaterThan(0);
			for (const option of options) {
				expect(option.action).toMatch(/^(List|Get) |\b(return|with)\b/);
			}
		},
	);

	it('declares the device token paths as sensitive output, and keeps usableAsTool', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.sensitiveOutputFields).toEqual(['token']);
	});

	it('lets an agent fill the tag, IDs and direction: none of them is noDataExpression', () => {
		const names = new Set(['tag', 'endpointId', 'participantId', 'sessionId', 'direction', 'limit']);
		const walk = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [p, ...walk(((p.options ?? []) as INodeProperties[]).filter((o) => 'type' in o))]);
		const fillable = walk(description.properties).filter((p) => names.has(p.name));
		expect(fillable.length).toBeGreaterThan(5);
		for (const property of fillable) expect(property.noDataExpression).not.toBe(true);
	});
});

describe('withHint: what happened, then what to do, in one message', () => {
	it('joins with a full stop unless the first part ends a sentence', () => {
		expect(withHint('Bandwidth answered 404 Not Found: x (resource_not_found)', 'Check the ID.')).toBe(
			'Bandwidth answered 404 Not Found: x (resource_not_found). Check the ID.',
		);
		expect(withHint('Done.', 'Next.')).toBe('Done. Next.');
		expect(withHint('Alone', undefined)).toBe('Alone');
	});
});
