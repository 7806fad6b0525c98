import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { NodeRun, NodeRunOptions } from '../harness';
import { credentialsFor, runBandwidthNode, stopEngineTimers } from '../harness';
import type { Simulator } from '../simulator';
import { startSimulator } from '../simulator';

export const PASSWORD = 'sim-pass-5ecr3t-Xy9';
export const USERNAME = 'sim-user';
export const ACCOUNT_ID = '9900000';

/** A simulator per test file, reset before each test, and a runner wired to it. */
export function useSimulator() {
	const context = {} as {
		sim: Simulator;
		run(parameters: INodeParameters, options?: Partial<NodeRunOptions>): Promise<NodeRun>;
	};

	beforeAll(async () => {
		context.sim = await startSimulator({ accountId: ACCOUNT_ID, username: USERNAME, password: PASSWORD });
		context.run = async (parameters, options = {}) =>
			await runBandwidthNode({
				parameters,
				credentialsHelper: credentialsFor('bandwidthWebRtcApi', {
					accountId: ACCOUNT_ID,
					username: USERNAME,
					password: PASSWORD,
					baseUrl: context.sim.baseUrl,
				}),
				...options,
			});
	});
	beforeEach(() => context.sim.reset());
	afterAll(async () => {
		await context.sim.close();
		stopEngineTimers();
	});
	return context;
}

export function basicAuthHeader(username = USERNAME, password = PASSWORD): string {
	return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** Everything a run exposes to the user or to the next node, as text. */
export function everythingVisible(run: NodeRun): string {
	const errorParts = (error: unknown) => {
		if (!error || typeof error !== 'object') return String(error ?? '');
		const e = error as Error & IDataObject;
		return JSON.stringify({
			message: e.message,
			description: e.description,
			context: e.context,
			cause: e.cause,
			errorResponse: e.errorResponse,
			messages: e.messages,
			stack: e.stack,
			json: JSON.parse(JSON.stringify(e)),
		});
	};
	return [
		JSON.stringify(run.items.map((item) => item.json)),
		JSON.stringify(run.errorItems.map((item) => item.json)),
		...run.items.map((item) => errorParts(item.error)),
		...run.errorItems.map((item) => errorParts(item.error)),
		errorParts(run.error),
		errorParts(run.run.data.resultData.error),
		JSON.stringify(run.run.data.resultData.runData),
	].join('\n');
}

export function expectNoSecrets(run: NodeRun, secrets: string[] = [PASSWORD, basicAuthHeader()]): void {
	const text = everythingVisible(run);
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
	}
	expect(text).not.toContain(Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'));
}

/** The API requests the simulator saw, as "METHOD path". */
export function requestLines(sim: Simulator): string[] {
	return sim.requests.map((request) => `${request.method} ${request.path}`);
}
