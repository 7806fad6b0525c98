import fs from 'fs';

import type { IConnections, IExecuteFunctions, INode, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialsFor, defaultNodeTypes, runWorkflow } from '../harness';
import { ACCOUNT_ID, PASSWORD, USERNAME, useSimulator } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/workflowV1.js') as {
	BANDWIDTH_NODES: string[];
	EXPECTED_FILE: string;
	loadWorkflow(): { nodes: INode[]; connections: IConnections };
	loadExpected(): unknown;
	normalize(requests: unknown[], outputs: Record<string, unknown[]>): unknown;
};

/** The app's Manual Trigger, as it runs: it passes on the one empty item the run starts with. */
class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stands in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

describe('a workflow saved with node version 1 (test/fixtures/workflow-v1.json)', () => {
	const context = useSimulator();

	it('sends the same requests and outputs the same items as before version 2 existed', async () => {
		const { nodes, connections } = fixture.loadWorkflow();
		const result = await runWorkflow({
			nodes,
			connections,
			nodeTypes: defaultNodeTypes().register('n8n-nodes-base.manualTrigger', new ManualTriggerStandIn()),
			credentialsHelper: credentialsFor('bandwidthWebRtcApi', {
				accountId: ACCOUNT_ID,
				username: USERNAME,
				password: PASSWORD,
				baseUrl: context.sim.baseUrl,
			}),
		});
		expect(result.run.data.resultData.error).toBeUndefined();
		const outputs = Object.fromEntries(
			fixture.BANDWIDTH_NODES.map((name) => [name, result.output(name).map((item) => item.json)]),
		);
		const actual = fixture.normalize(context.sim.requests, outputs);
		// Written once from main (before version 2): UPDATE_V1_FIXTURE=1 npm test -- test/engine/workflowV1.
		if (process.env.UPDATE_V1_FIXTURE === '1') fs.writeFileSync(fixture.EXPECTED_FILE, `${JSON.stringify(actual, null, '\t')}\n`);
		expect(actual).toEqual(fixture.loadExpected());
	});
});
