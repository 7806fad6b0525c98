import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
// Not re-exported by n8n-core's index: needed only to stop its timer after the tests.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createDeferredPromise, createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { BandwidthWebRtcApi } from '../../credentials/BandwidthWebRtcApi.credentials';
import { BandwidthWebRtcCallbackApi } from '../../credentials/BandwidthWebRtcCallbackApi.credentials';
import { BandwidthWebRtcOAuth2Api } from '../../credentials/BandwidthWebRtcOAuth2Api.credentials';
import { BandwidthWebRtc } from '../../nodes/BandwidthWebRtc/BandwidthWebRtc.node';
import { TestCredentialsHelper } from './credentialsHelper';
import { TestItems } from './itemsNode';

export { TestCredentialsHelper };

/**
 * Runs workflows in n8n-core's real engine (WorkflowExecute, real expressions, the real HTTP
 * helper over axios), as the app does, minus its database and UI.
 */

export const NODE_TYPE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtc';
export const ITEMS_NODE_TYPE = 'test.items';

type AnyNodeType = INodeType | IVersionedNodeType;

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	register(name: string, type: AnyNodeType): this {
		this.types.set(name, type);
		return this;
	}

	getByName(name: string): AnyNodeType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export function defaultNodeTypes(): TestNodeTypes {
	return new TestNodeTypes()
		.register(NODE_TYPE, new BandwidthWebRtc())
		.register(ITEMS_NODE_TYPE, new TestItems());
}

export function defaultCredentialTypes(): Map<string, ICredentialType> {
	const types = new Map<string, ICredentialType>();
	for (const type of [new BandwidthWebRtcApi(), new BandwidthWebRtcOAuth2Api(), new BandwidthWebRtcCallbackApi()]) {
		types.set(type.name, type);
	}
	return types;
}

export interface WorkflowRun {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName: string): INodeExecutionData[];
	/** The error that stopped a node, if any. */
	nodeError(nodeName: string): (Error & IDataObject) | undefined;
}

export interface RunWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	credentialsHelper: TestCredentialsHelper;
	nodeTypes?: TestNodeTypes;
	mode?: WorkflowExecuteMode;
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
	const nodeTypes = options.nodeTypes ?? defaultNodeTypes();
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: options.nodes,
		connections: options.connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', 'test-execution', {
		id: 'test-workflow',
		name: 'Test workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: options.nodes,
		connections: options.connections,
	} as never);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const additionalData = {
		hooks,
		credentialsHelper: options.credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of these tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not part of these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	// The first node starts the run, as a trigger does in the app.
	const startNode = workflow.getNode(options.nodes[0].name);
	if (!startNode) throw new Error('The workflow has no nodes');
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const execute = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await finished.promise;

	return {
		run,
		output: (nodeName) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		nodeError: (nodeName) =>
			run.data.resultData.runData[nodeName]?.[0]?.error as (Error & IDataObject) | undefined,
	};
}

export interface NodeRunOptions {
	/** The Bandwidth WebRTC node's parameters. */
	parameters: INodeParameters;
	/** The items fed to it (default: one empty item). */
	items?: IDataObject[];
	credentialsHelper: TestCredentialsHelper;
	continueOnFail?: boolean;
	/** 'continueErrorOutput' is n8n's "use error output" setting. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	credentialType?: string;
	/** More credential types the node is set up with (the callback credential, say). */
	otherCredentialTypes?: string[];
}

export interface NodeRun extends WorkflowRun {
	items: INodeExecutionData[];
	/** Items on the error output when onError is 'continueErrorOutput'. */
	errorItems: INodeExecutionData[];
	error: (Error & IDataObject) | undefined;
}

export const NODE_NAME = 'Bandwidth WebRTC';

/** A Bandwidth WebRTC node for a test workflow (the demo and the benchmark build theirs here too). */
export function bandwidthNode(
	name: string,
	parameters: INodeParameters,
	{ x = 200, credentialType = 'bandwidthWebRtcApi', ...settings }: Partial<INode> & { x?: number; credentialType?: string } = {},
): INode {
	return {
		id: name,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { [credentialType]: { id: '1', name: 'Bandwidth test credential' } },
		...settings,
	};
}

/** A node that emits `items`, as a trigger followed by a Code node would. */
export function itemsNode(name: string, items: IDataObject[], x = 0): INode {
	return { id: name, name, type: ITEMS_NODE_TYPE, typeVersion: 1, position: [x, 0], parameters: { items: JSON.stringify(items) } };
}

/** Items → Bandwidth WebRTC, run once. */
export async function runBandwidthNode(options: NodeRunOptions): Promise<NodeRun> {
	const credentialType = options.credentialType ?? 'bandwidthWebRtcApi';
	const nodes: INode[] = [
		itemsNode('Items', options.items ?? [{}]),
		bandwidthNode(NODE_NAME, options.parameters, {
			credentialType,
			...(options.continueOnFail ? { continueOnFail: true } : {}),
			...(options.onError ? { onError: options.onError } : {}),
			...(options.otherCredentialTypes && {
				credentials: Object.fromEntries(
					[credentialType, ...options.otherCredentialTypes].map((type) => [type, { id: '1', name: `${type} test credential` }]),
				),
			}),
		}),
	];
	const connections: IConnections = {
		Items: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
	};
	const result = await runWorkflow({ nodes, connections, credentialsHelper: options.credentialsHelper });
	const outputs = result.run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main ?? [];
	return {
		...result,
		items: outputs[0] ?? [],
		errorItems: outputs[1] ?? [],
		error: result.nodeError(NODE_NAME),
	};
}

export function credentialsFor(
	type: string,
	data: ICredentialDataDecryptedObject,
	types = defaultCredentialTypes(),
): TestCredentialsHelper {
	const helper = new TestCredentialsHelper(types);
	helper.set(type, data);
	return helper;
}

/** n8n-core starts a 60 s clean-up timer when loaded; stop it so jest can exit. */
export function stopEngineTimers(): void {
	try {
		const manager = Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout };
		if (manager.cleanupTimer) clearInterval(manager.cleanupTimer);
	} catch {
		// Not created in this process: nothing to stop.
	}
}
