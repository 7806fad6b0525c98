// A stand-in for n8n's webhook endpoint on 127.0.0.1: it reads and parses the body as n8n's
// app does, builds n8n-core's real WebhookContext, runs the node's webhook() and answers the
// way n8n does when the node leaves the answer to it. Reusable for any webhook node.
import http from 'http';
import type { AddressInfo } from 'net';
import { parse as parseQueryString } from 'querystring';
import { parseIncomingMessage, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { defaultCredentialTypes, TestCredentialsHelper, TestNodeTypes } from '../harness';

export interface WebhookCall {
	method: string;
	/** Path with query string, as received. */
	url: string;
	headers: http.IncomingHttpHeaders;
	rawBody: string;
	/** What the node's webhook() returned; undefined when it threw or never ran. */
	result?: IWebhookResponseData;
	/** Items the run would start with; undefined when no execution starts. */
	workflowData?: INodeExecutionData[][];
	/** Whether the node answered the request itself. */
	nodeResponded: boolean;
	error?: Error;
	status: number;
	responseBody: string;
}

export interface WebhookServer {
	/** The production webhook URL of the node. */
	readonly webhookUrl: string;
	readonly calls: WebhookCall[];
	/** The node as the workflow holds it (parameters with their defaults, credential references). */
	readonly node: INode;
	/** Resolves with the next call once it has been answered. */
	nextCall(): Promise<WebhookCall>;
	close(): Promise<void>;
}

export interface WebhookServerOptions {
	nodeType: INodeType;
	/** Package-qualified type name, e.g. n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger. */
	typeName: string;
	parameters: INodeParameters;
	/** The credentials selected on the node, by type, as a saved workflow holds them. */
	credentials?: INodeCredentials;
	/** What the app's credentials helper would decrypt (default: no credential data at all). */
	credentialsHelper?: TestCredentialsHelper;
	mode?: WorkflowExecuteMode;
	/** Largest body read, as n8n's payloadSizeMax (default 16 MiB). */
	maxBodyBytes?: number;
}

const WORKFLOW_ID = 'trigger-test-workflow';
const WEBHOOK_ID = '6f1c2d0e-5a9b-4c1e-9f3a-2b7d8e0c4a11';

/** The express methods n8n and nodes use on a response, on top of Node's own. */
interface ExpressLikeResponse extends http.ServerResponse {
	status(code: number): ExpressLikeResponse;
	set(name: string, value: string): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	send(body?: unknown): ExpressLikeResponse;
}

function expressify(res: http.ServerResponse): ExpressLikeResponse {
	const r = res as ExpressLikeResponse;
	r.status = (code) => {
		r.statusCode = code;
		return r;
	};
	r.set = (name, value) => {
		r.setHeader(name, value);
		return r;
	};
	r.json = (body) => {
		if (!r.hasHeader('content-type')) r.setHeader('content-type', 'application/json; charset=utf-8');
		r.end(JSON.stringify(body));
		return r;
	};
	r.send = (body) => {
		if (body === undefined || body === null) r.end();
		else if (Buffer.isBuffer(body) || typeof body === 'string') r.end(body);
		else r.json(body);
		return r;
	};
	return r;
}

function readRawBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(new Error('Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

type WebhookRequest = http.IncomingMessage & { body?: unknown; query: IDataObject; params: IDataObject };

/** As n8n 2.8's parseRequestBody: which requests reach the body parser at all. */
function shouldParseBody(workflow: Workflow, node: INode, req: WebhookRequest, mode: WorkflowExecuteMode): boolean {
	if (node.typeVersion === 1) {
		const binaryData = workflow.expression.getSimpleParameterValue(
			node,
			'={{$parameter["options"]["binaryData"]}}',
			mode,
			{},
			undefined,
			false,
		);
		return !binaryData;
	}
	const type = req.contentType ?? '';
	const parsed = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];
	return parsed.some((t) => type.startsWith(t)) || type.endsWith('/xml') || type.endsWith('+xml');
}

/**
 * As n8n's body parser: JSON, form and text bodies are parsed by content type, and a JSON body
 * that does not parse is refused with 422 before any node runs. XML and multipart bodies (which
 * n8n parses too) are left unparsed here: no test needs them yet.
 */
function parseBody(req: WebhookRequest, rawBody: Buffer, parse: boolean): { ok: true } | { ok: false; message: string } {
	if (!parse || rawBody.length === 0) return { ok: true };
	const text = rawBody.toString(req.encoding ?? 'utf8');
	try {
		if (req.contentType === 'application/json') req.body = JSON.parse(text);
		else if (req.contentType === 'application/x-www-form-urlencoded') req.body = parseQueryString(text);
		else if (req.contentType === 'text/plain') req.body = text;
	} catch (error) {
		return { ok: false, message: (error as Error).message };
	}
	return { ok: true };
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
	const description = options.nodeType.description;
	const found = description.webhooks?.[0];
	if (!found || !options.nodeType.webhook) throw new Error(`${description.name} has no webhook`);
	const webhookDescription: IWebhookDescription = found;
	const webhookPath = `/webhook/${WEBHOOK_ID}/${String(webhookDescription.path)}`;
	const mode = options.mode ?? 'webhook';
	const nodeTypes = new TestNodeTypes().register(options.typeName, options.nodeType);
	const node: INode = {
		id: 'trigger',
		name: description.defaults.name ?? description.displayName,
		type: options.typeName,
		typeVersion: Array.isArray(description.version) ? description.version[0] : description.version,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: options.parameters,
		...(options.credentials && { credentials: options.credentials }),
	};
	const credentialsHelper = options.credentialsHelper ?? new TestCredentialsHelper(defaultCredentialTypes());
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Trigger test workflow',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: true,
		settings: { executionOrder: 'v1' },
	});

	const calls: WebhookCall[] = [];
	const waiters: Array<(call: WebhookCall) => void> = [];
	let baseUrl = '';

	async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const res = expressify(response);
		const chunks: Buffer[] = [];
		const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
		// Keeps a copy of what is sent, so tests can check it as well as the client's view.
		res.end = ((...args: unknown[]) => {
			const [chunk] = args;
			if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
			return end(...args);
		}) as typeof res.end;

		const target = new URL(request.url ?? '/', baseUrl);
		const req = request as WebhookRequest;
		req.query = parseQueryString(target.search.slice(1)) as IDataObject;
		req.params = {};
		const rawBody = await readRawBody(req, options.maxBodyBytes ?? 16 * 1024 * 1024);
		// As n8n's rawBodyReader: the raw bytes stay on the request for nodes to read.
		req.rawBody = rawBody;
		req._body = true;
		parseIncomingMessage(req);
		const call: WebhookCall = {
			method: req.method ?? '',
			url: request.url ?? '',
			headers: req.headers,
			rawBody: rawBody.toString('utf8'),
			nodeResponded: false,
			status: 0,
			responseBody: '',
		};

		try {
			if (req.method !== webhookDescription.httpMethod || target.pathname !== webhookPath) {
				res.status(404).json({ code: 404, message: 'The requested webhook is not registered.' });
				return;
			}
			const parsed = parseBody(req, rawBody, shouldParseBody(workflow, node, req, mode));
			if (!parsed.ok) {
				res.status(422).json({ code: 422, message: 'Failed to parse request body', hint: parsed.message });
				return;
			}

			const additionalData = {
				httpRequest: req,
				httpResponse: res,
				webhookBaseUrl: `${baseUrl}/webhook`,
				webhookTestBaseUrl: `${baseUrl}/webhook-test`,
				webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
				formWaitingBaseUrl: `${baseUrl}/form-waiting`,
				instanceBaseUrl: `${baseUrl}/`,
				restApiUrl: `${baseUrl}/rest`,
				variables: {},
				currentNodeExecutionIndex: 0,
				credentialsHelper,
			} as unknown as IWorkflowExecuteAdditionalData;
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: webhookPath,
				webhookDescription,
				workflowId: WORKFLOW_ID,
				workflowExecuteAdditionalData: additionalData,
				webhookId: WEBHOOK_ID,
			};
			const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);

			try {
				call.result = await options.nodeType.webhook!.call(context);
			} catch (error) {
				call.error = error as Error;
				if (!res.headersSent) {
					res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
				}
				return;
			}
			call.workflowData = call.result.workflowData;
			call.nodeResponded = res.writableEnded;

			// What n8n's webhook helpers do with the node's answer (response mode onReceived).
			if (call.result.noWebhookResponse === true) {
				// n8n would leave the request open here; end it so a broken node fails its test.
				if (!res.writableEnded) res.status(500).json({ message: 'The node promised to answer but did not' });
				return;
			}
			if (call.result.workflowData === undefined) {
				res.status(200).json(call.result.webhookResponse ?? { message: 'Webhook call received' });
				return;
			}
			res.status(200).json(call.result.webhookResponse ?? { message: 'Workflow was started' });
		} finally {
			call.status = res.statusCode;
			call.responseBody = Buffer.concat(chunks).toString('utf8');
			calls.push(call);
			waiters.shift()?.(call);
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
			res.end(error.message);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	baseUrl = `http://127.0.0.1:${port}`;

	return {
		webhookUrl: `${baseUrl}${webhookPath}`,
		calls,
		node,
		nextCall: () => new Promise((resolve) => waiters.push(resolve)),
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
