import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { BandwidthBrtcOAuth2Api } from '../credentials/BandwidthBrtcOAuth2Api.credentials';
import { DEFAULT_BRTC_BASE_URL, DEFAULT_TOKEN_URL } from '../credentials/shared';
import { bandwidthNode, credentialsFor, defaultCredentialTypes, itemsNode, runWorkflow } from '../test/harness';
import type { Simulator } from '../test/simulator';

/**
 * The BRTC part of `npm run demo`: Start → Customers (as from a CRM) → Create Endpoint (token,
 * its expiry and the <Connect> BXML for a phone call) → Get Many → Delete Endpoint, through
 * n8n-core's engine. Against the simulator, or against Bandwidth when BANDWIDTH_ACCOUNT_ID,
 * BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET are set.
 */

const CUSTOMERS = [{ crmId: 'crm-2001' }, { crmId: 'crm-2002' }];
const BRTC = 'bandwidthBrtcOAuth2Api';
const brtcNode = (name: string, parameters: IDataObject, x: number, settings: Partial<INode> = {}) =>
	bandwidthNode(name, { resource: 'endpoint', ...parameters }, { x, credentialType: BRTC, ...settings });

export const brtcNodes: INode[] = [
	itemsNode('Start', [{}]),
	itemsNode('Customers', CUSTOMERS, 200),
	brtcNode(
		'Create Endpoint',
		{
			operation: 'create',
			type: 'WEBRTC',
			direction: 'BIDIRECTIONAL',
			additionalFields: { tag: '={{ $json.crmId }}' },
			options: { includeTokenExpiry: true, includeConnectBxml: true },
		},
		400,
	),
	brtcNode('List Endpoints', { operation: 'getAll', returnAll: true }, 600, { executeOnce: true }),
	brtcNode('Delete Endpoint', { operation: 'delete', endpointId: "={{ $('Create Endpoint').item.json.endpointId }}" }, 800),
];

// Delete Endpoint runs once per created endpoint: it follows Create Endpoint, List Endpoints beside it.
export const brtcConnections: IConnections = {
	Start: { main: [[{ node: 'Customers', type: 'main', index: 0 }]] },
	Customers: { main: [[{ node: 'Create Endpoint', type: 'main', index: 0 }]] },
	'Create Endpoint': {
		main: [
			[
				{ node: 'List Endpoints', type: 'main', index: 0 },
				{ node: 'Delete Endpoint', type: 'main', index: 0 },
			],
		],
	},
};

export async function runBrtcDemo(simulator: Simulator | undefined, print: (node: INode, items: IDataObject[], error?: Error & IDataObject) => void): Promise<boolean> {
	const env = process.env;
	const real = env.BANDWIDTH_ACCOUNT_ID && env.BANDWIDTH_CLIENT_ID && env.BANDWIDTH_CLIENT_SECRET;
	let credentials: IDataObject;
	if (real) {
		credentials = {
			accountId: env.BANDWIDTH_ACCOUNT_ID,
			clientId: env.BANDWIDTH_CLIENT_ID,
			clientSecret: env.BANDWIDTH_CLIENT_SECRET,
			baseUrl: env.BANDWIDTH_BRTC_BASE_URL || DEFAULT_BRTC_BASE_URL,
			tokenUrl: env.BANDWIDTH_TOKEN_URL || DEFAULT_TOKEN_URL,
			accessToken: '',
			expiresAt: 0,
		};
		console.log(`\nBRTC Endpoints against Bandwidth (${String(credentials.baseUrl)}), account ${String(credentials.accountId)}.`);
	} else if (simulator) {
		credentials = {
			accountId: simulator.accountId,
			clientId: 'sim-client',
			clientSecret: 'sim-secret',
			baseUrl: simulator.brtcBaseUrl,
			tokenUrl: simulator.tokenUrl,
			accessToken: '',
			expiresAt: 0,
		};
		console.log(`\nBRTC Endpoints against the simulator at ${simulator.brtcBaseUrl}.`);
		console.log('Set BANDWIDTH_ACCOUNT_ID, BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET to use the real API.\n');
	} else {
		console.log('\nBRTC Endpoints: skipped (set BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET to run it against Bandwidth).');
		return true;
	}
	const types = defaultCredentialTypes();
	types.set(BRTC, new BandwidthBrtcOAuth2Api());
	const result = await runWorkflow({
		nodes: brtcNodes,
		connections: brtcConnections,
		credentialsHelper: credentialsFor(BRTC, credentials as never, types),
	});
	let ok = true;
	for (const node of brtcNodes) {
		const error = result.nodeError(node.name);
		if (error) ok = false;
		print(node, result.output(node.name).map((item) => item.json), error);
	}
	return ok;
}
