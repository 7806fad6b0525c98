import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import axios from 'axios';

import { BandwidthBrtcOAuth2Api } from '../../credentials/BandwidthBrtcOAuth2Api.credentials';
import type { NodeRun, NodeRunOptions, TestCredentialsHelper } from '../harness';
import { credentialsFor, defaultCredentialTypes, runBandwidthNode, stopEngineTimers } from '../harness';
import type { Simulator } from '../simulator';
import { startSimulator } from '../simulator';

export const BRTC = 'bandwidthBrtcOAuth2Api';
export const ACCOUNT_ID = '9900000';
export const CLIENT_ID = 'brtc-client';
export const CLIENT_SECRET = 'brtc-5ecr3t-Lw82/+x';
export const TOKEN_PATH = '/api/v1/oauth2/token';
export const ENDPOINTS_PATH = `/v2/accounts/${ACCOUNT_ID}/endpoints`;

/** The package's credential types, with BRTC's. */
export function brtcCredentialTypes() {
	const types = defaultCredentialTypes();
	const brtc = new BandwidthBrtcOAuth2Api();
	types.set(brtc.name, brtc);
	return types;
}

export function brtcHelper(sim: Simulator, overrides: ICredentialDataDecryptedObject = {}): TestCredentialsHelper {
	return credentialsFor(
		BRTC,
		{
			accountId: ACCOUNT_ID,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			baseUrl: sim.brtcBaseUrl,
			tokenUrl: sim.tokenUrl,
			accessToken: '',
			expiresAt: 0,
			...overrides,
		},
		brtcCredentialTypes(),
	);
}

/** A simulator per test file, reset before each test, and a runner for resource Endpoint. */
export function useBrtcSimulator() {
	const context = {} as {
		sim: Simulator;
		helper: TestCredentialsHelper;
		run(parameters: INodeParameters, options?: Partial<NodeRunOptions>): Promise<NodeRun>;
		/** Creates endpoints straight through the API (not through the node). */
		createEndpoints(count: number): Promise<string[]>;
	};
	beforeAll(async () => {
		context.sim = await startSimulator({ accountId: ACCOUNT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
	});
	beforeEach(() => {
		context.sim.reset();
		context.helper = brtcHelper(context.sim);
		context.run = async (parameters, options = {}) =>
			await runBandwidthNode({
				credentialType: BRTC,
				credentialsHelper: context.helper,
				parameters: { resource: 'endpoint', ...parameters },
				...options,
			});
		context.createEndpoints = async (count) => {
			const token = await axios.post(context.sim.tokenUrl, 'grant_type=client_credentials', {
				auth: { username: CLIENT_ID, password: CLIENT_SECRET },
			});
			const headers = { authorization: `Bearer ${(token.data as { access_token: string }).access_token}` };
			const ids: string[] = [];
			for (let start = 0; start < count; start += 50) {
				const batch = await Promise.all(
					Array.from({ length: Math.min(50, count - start) }, () =>
						axios.post(`${context.sim.brtcBaseUrl}/accounts/${ACCOUNT_ID}/endpoints`, { type: 'WEBRTC', direction: 'INBOUND' }, { headers }),
					),
				);
				ids.push(...batch.map((res) => (res.data as { data: { endpointId: string } }).data.endpointId));
			}
			context.sim.clearRequests();
			return ids;
		};
	});
	afterAll(async () => {
		await context.sim.close();
		stopEngineTimers();
	});
	return context;
}

/** The API requests (not the token requests) the simulator saw, as "METHOD path". */
export function apiLines(sim: Simulator): string[] {
	return sim.requests.filter((r) => r.path !== TOKEN_PATH).map((r) => `${r.method} ${r.path}`);
}
