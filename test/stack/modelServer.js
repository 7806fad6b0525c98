'use strict';
// A scripted, deterministic stand-in for an OpenAI-compatible model (Chat Completions API) on
// 127.0.0.1, for the AI Agent checks: n8n's OpenAI Chat Model (v1.2) is pointed at it through
// its credential's Base URL. It records every request it receives, so that the checks can read
// what the agent offered the model (tools, descriptions, schemas) and what the model was given
// back (the tool's answer, or its error), instead of trusting n8n's own view of it.
//
// The script, per conversation (a POST /v1/chat/completions):
// - no tool result yet in the messages: answer with one call of the tool named `script.tool`
//   (or the first tool offered), its arguments filled from that tool's JSON schema: the value
//   in `script.arguments[key]` when given, otherwise `model-<key>` (strings), 1, true, [];
// - a tool result present: answer with a final message built from it (`finalAnswer`).
const http = require('node:http');

/** The final text the scripted model answers once it has the tool's result. */
function finalAnswer(toolContent) {
	let parsed;
	try {
		parsed = JSON.parse(toolContent);
	} catch {
		return `The tool answered: ${toolContent}`;
	}
	const first = Array.isArray(parsed) ? parsed[0] : parsed;
	if (first && typeof first === 'object' && typeof first.error === 'string') {
		return `The tool failed: ${first.error}`;
	}
	if (first && typeof first === 'object' && typeof first.endpointId === 'string') {
		return `Your call is ready: endpoint ${first.endpointId}, valid until ${first.expirationTimestamp ?? 'unknown'}.`;
	}
	return `The tool answered: ${toolContent}`;
}

function argumentsFor(tool, given = {}) {
	const schema = tool?.function?.parameters ?? {};
	const args = {};
	for (const [key, property] of Object.entries(schema.properties ?? {})) {
		if (Object.hasOwn(given, key)) args[key] = given[key];
		else if (property.type === 'number' || property.type === 'integer') args[key] = 1;
		else if (property.type === 'boolean') args[key] = true;
		else if (property.type === 'array') args[key] = [];
		else if (property.type === 'object') args[key] = {};
		else args[key] = `model-${key}`;
	}
	return args;
}

/** The reply (an OpenAI chat.completion message) the script gives to one request body. */
function scriptedReply(body, script) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const toolResult = [...messages].reverse().find((message) => message.role === 'tool');
	if (toolResult) {
		const content = typeof toolResult.content === 'string' ? toolResult.content : JSON.stringify(toolResult.content);
		return { message: { role: 'assistant', content: finalAnswer(content) }, finishReason: 'stop' };
	}
	const tools = Array.isArray(body.tools) ? body.tools : [];
	const tool = tools.find((t) => t?.function?.name === script.tool) ?? tools[0];
	if (!tool) {
		return { message: { role: 'assistant', content: 'No tool was offered.' }, finishReason: 'stop' };
	}
	const call = {
		id: `call_${script.callCount++}`,
		type: 'function',
		function: { name: tool.function.name, arguments: JSON.stringify(argumentsFor(tool, script.arguments)) },
	};
	return { message: { role: 'assistant', content: null, tool_calls: [call] }, finishReason: 'tool_calls' };
}

function sendJson(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** Streams the reply as Chat Completions chunks (`stream: true`), as OpenAI does. */
function sendStream(res, base, { message, finishReason }) {
	res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
	const chunk = (delta, finish) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
	const delta = { role: 'assistant', content: message.content ?? null };
	if (message.tool_calls) delta.tool_calls = message.tool_calls.map((call, index) => ({ index, ...call }));
	res.write(`data: ${JSON.stringify(chunk(delta, null))}\n\n`);
	res.write(`data: ${JSON.stringify(chunk({}, finishReason))}\n\n`);
	res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n`);
	res.end('data: [DONE]\n\n');
}

/**
 * Starts the server on 127.0.0.1 (`port`, or a free one). Resolves {url, baseUrl, requests, setScript, close}:
 * `baseUrl` (…/v1) goes into the openAiApi credential's `url`; `requests` holds every request as
 * {method, path, headers, body}; `setScript({tool, arguments})` chooses what the next conversations call.
 */
async function startModelServer({ port = 0 } = {}) {
	const requests = [];
	const script = { tool: undefined, arguments: {}, callCount: 1 };
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				body = text;
			}
			requests.push({ method: req.method, path: req.url, headers: req.headers, body });
			const route = `${req.method} ${req.url.split('?')[0]}`;
			if (route === 'GET /v1/models') {
				return sendJson(res, 200, { object: 'list', data: [{ id: 'scripted-model', object: 'model', owned_by: 'e2e' }] });
			}
			if (route !== 'POST /v1/chat/completions' || !body || typeof body !== 'object') {
				return sendJson(res, 404, { error: { message: `The scripted model server has no route ${route}`, type: 'invalid_request_error' } });
			}
			const reply = scriptedReply(body, script);
			const base = { id: `chatcmpl-${requests.length}`, created: 1_700_000_000, model: body.model ?? 'scripted-model' };
			if (body.stream) return sendStream(res, base, reply);
			return sendJson(res, 200, {
				...base,
				object: 'chat.completion',
				choices: [{ index: 0, message: reply.message, finish_reason: reply.finishReason, logprobs: null }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		baseUrl: `${url}/v1`,
		requests,
		setScript({ tool, arguments: args = {} } = {}) {
			script.tool = tool;
			script.arguments = args;
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startModelServer, finalAnswer, argumentsFor };
