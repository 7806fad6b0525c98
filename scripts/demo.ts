import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../credentials/shared';
import { bandwidthNode, credentialsFor, itemsNode, runWorkflow, stopEngineTimers } from '../test/harness';
import type { Simulator } from '../test/simulator';
import { startSimulator } from '../test/simulator';
import { runBrtcDemo } from './demoBrtc';

/**
 * Start → Create Session → Attendees (as from a CRM) → Create Participant in Session → Get
 * Participants → Delete Participant → Delete Session, run once through n8n-core's engine, as
 * the app would run it; each node's output items are printed.
 */

const ATTENDEES = [{ crmId: 'crm-1001' }, { crmId: 'crm-1002' }, { crmId: 'crm-1003' }];

const nodes: INode[] = [
	itemsNode('Start', [{}]),
	bandwidthNode('Create Session', { resource: 'session', operation: 'create', additionalFields: { tag: 'n8n-demo' } }),
	itemsNode('Attendees', ATTENDEES, 400),
	bandwidthNode(
		'Create Participant in Session',
		{
			resource: 'participant',
			operation: 'createInSession',
			sessionId: "={{ $('Create Session').first().json.id }}",
			publishPermissions: ['AUDIO', 'VIDEO'],
			additionalFields: { tag: '={{ $json.crmId }}' },
			options: { includeTokenExpiry: true },
		},
		{ x: 600 },
	),
	bandwidthNode(
		'Get Participants',
		{ resource: 'session', operation: 'getParticipants', sessionId: "={{ $('Create Session').first().json.id }}" },
		{ x: 800, executeOnce: true },
	),
	bandwidthNode('Delete Participant', { resource: 'participant', operation: 'delete', participantId: '={{ $json.id }}' }, { x: 1000 }),
	bandwidthNode(
		'Delete Session',
		{ resource: 'session', operation: 'delete', sessionId: "={{ $('Create Session').first().json.id }}" },
		{ x: 1200, executeOnce: true },
	),
];

const connections: IConnections = Object.fromEntries(
	nodes.slice(0, -1).map((node, index) => [
		node.name,
		{ main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] },
	]),
) as IConnections;

function shorten(value: unknown): unknown {
	if (typeof value === 'string' && value.split('.').length === 3 && value.length > 60) {
		return `${value.slice(0, 24)}…(device token, ${value.length} chars)`;
	}
	if (Array.isArray(value)) return value.map(shorten);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, shorten(entry)]));
	}
	return value;
}

export async function main(): Promise<number> {
	const real = process.env.BANDWIDTH_ACCOUNT_ID && process.env.BANDWIDTH_USERNAME && process.env.BANDWIDTH_PASSWORD;
	let simulator: Simulator | undefined;
	let credentials: IDataObject;
	if (real) {
		credentials = {
			accountId: process.env.BANDWIDTH_ACCOUNT_ID,
			username: process.env.BANDWIDTH_USERNAME,
			password: process.env.BANDWIDTH_PASSWORD,
			baseUrl: process.env.BANDWIDTH_BASE_URL || DEFAULT_BASE_URL,
		};
		console.log(`Running against Bandwidth (${credentials.baseUrl}), account ${credentials.accountId}.`);
	} else {
		simulator = await startSimulator();
		credentials = { accountId: simulator.accountId, username: 'sim-user', password: 'sim-pass', baseUrl: simulator.baseUrl };
		console.log(`Running against the bundled WebRTC v1 simulator at ${simulator.baseUrl}.`);
		console.log('Set BANDWIDTH_ACCOUNT_ID, BANDWIDTH_USERNAME and BANDWIDTH_PASSWORD to use the real API.\n');
	}

	try {
		const result = await runWorkflow({
			nodes,
			connections,
			credentialsHelper: credentialsFor('bandwidthWebRtcApi', credentials as never),
		});
		let failed = false;
		for (const node of nodes) {
			const error = result.nodeError(node.name);
			const items = result.output(node.name);
			console.log(`▶ ${node.name}: ${error ? 'FAILED' : `${items.length} item(s)`}`);
			if (error) {
				failed = true;
				console.log(`  ${error.message}${error.description ? `\n  ${String(error.description)}` : ''}`);
				continue;
			}
			items.forEach((item, index) => console.log(`  [${index}] ${JSON.stringify(shorten(item.json))}`));
		}
		if (simulator) {
			console.log(
				`\nThe simulator now holds ${simulator.participants.size} participant(s) and ${simulator.sessions.size} session(s); it saw ${simulator.requests.length} requests.`,
			);
		}
		// BRTC Endpoints, Bandwidth's current WebRTC product (scripts/demoBrtc.ts).
		const brtcOk = await runBrtcDemo(simulator, (node, items, error) => {
			console.log(`▶ ${node.name}: ${error ? 'FAILED' : `${items.length} item(s)`}`);
			if (error) console.log(`  ${error.message}${error.description ? `\n  ${String(error.description)}` : ''}`);
			else items.forEach((item, index) => console.log(`  [${index}] ${JSON.stringify(shorten(item))}`));
		});
		if (simulator) console.log(`\nThe simulator now holds ${simulator.brtc.endpoints.size} BRTC endpoint(s).`);
		return failed || !brtcOk ? 1 : 0;
	} finally {
		await simulator?.close();
		stopEngineTimers();
	}
}
