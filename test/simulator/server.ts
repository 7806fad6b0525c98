// The HTTP server: one pipeline for every API request (load shedding → faults → latency →
// handler → record → write), and a side door for the /__sim control endpoints.
import { randomUUID } from 'crypto';
import http from 'http';
import https from 'https';
import type { IncomingMessage, ServerResponse } from 'http';
import { malformedBody, statusFaultResponse } from './faults';
import type { SimRequest, SimResponse } from './http';
import { apiError, BodyTooLargeError, jsonResponse, parseJson, readBody, writeResponse } from './http';
import { BRTC_PREFIX } from './brtc/endpoints';
import { TOKEN_PATH } from './oauth';
import type { Runtime } from './runtime';
import type { Fault } from './types';

export const CONTROL_PREFIX = '/__sim/';

export interface ServerDeps {
	runtime: Runtime;
	handleApi: (req: SimRequest) => SimResponse;
	handleToken: (req: SimRequest) => SimResponse;
	/** BRTC Endpoints, under /v2/. */
	handleBrtc: (req: SimRequest) => SimResponse;
	handleControl: (req: SimRequest) => Promise<SimResponse>;
	/** PEM key and certificate: serve HTTPS. */
	tls?: { key: string; cert: string };
}

export function createSimServer(deps: ServerDeps): http.Server {
	const { runtime } = deps;

	const handler = (req: IncomingMessage, res: ServerResponse): void => {
		onRequest(req, res).catch(() => {
			// The socket went away mid-request, or a bug: never leave the client hanging.
			if (!res.headersSent && !res.destroyed) writeResponse(res, apiError(500, 'Simulator error'));
			else res.destroy();
		});
	};
	const server: http.Server = deps.tls ? https.createServer({ key: deps.tls.key, cert: deps.tls.cert }, handler) : http.createServer(handler);
	server.on('connection', (socket: import('net').Socket) => {
		runtime.connectionOpened();
		socket.once('close', () => runtime.connectionClosed());
	});
	return server;

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = req.url ?? '/';
		const query = url.indexOf('?');
		const pathname = query === -1 ? url : url.slice(0, query);
		const method = req.method ?? 'GET';

		if (pathname.startsWith(CONTROL_PREFIX)) {
			const request = await toSimRequest(req, method, pathname);
			writeResponse(res, request ? await deps.handleControl(request) : tooLarge());
			return;
		}

		// Load shedding looks at the requests already in flight, before this one counts.
		if (runtime.maxInFlight !== null && runtime.inFlight >= runtime.maxInFlight) {
			const request = await toSimRequest(req, method, pathname);
			finish(req, res, url, request, shed());
			return;
		}

		const fault = runtime.faults.take();
		if (fault?.kind === 'resetBeforeRead') {
			record(req, url, undefined, 0);
			req.socket.destroy();
			return;
		}

		runtime.enter();
		let released = false;
		res.once('close', () => {
			if (!released) {
				released = true;
				runtime.leave();
			}
		});

		const request = await toSimRequest(req, method, pathname);
		if (!request) {
			finish(req, res, url, request, tooLarge());
			return;
		}
		if (runtime.latencyMs > 0) await runtime.sleep(runtime.latencyMs);
		if (fault?.kind === 'delay') await runtime.sleep(fault.ms);

		// A status fault answers without touching state.
		if (fault?.kind === 'status') {
			finish(req, res, url, request, statusFaultResponse(fault));
			return;
		}

		let response: SimResponse;
		try {
			if (pathname === TOKEN_PATH) response = deps.handleToken(request);
			else if (pathname.startsWith(BRTC_PREFIX)) response = deps.handleBrtc(request);
			else response = deps.handleApi(request);
		} catch (err) {
			response = apiError(500, `Simulator error: ${err instanceof Error ? err.message : String(err)}`);
		}
		await deliver(req, res, url, request, response, fault);
	}

	/** Sends (or, for some faults, mangles or withholds) an answer that has been applied. */
	async function deliver(
		req: IncomingMessage,
		res: ServerResponse,
		url: string,
		request: SimRequest,
		response: SimResponse,
		fault: Fault | undefined,
	): Promise<void> {
		switch (fault?.kind) {
			case 'resetAfterApply':
				// The change is made, the client never hears of it: the ambiguous failure.
				record(req, url, request, 0);
				req.socket.destroy();
				return;
			case 'malformedJson':
				finish(req, res, url, request, { status: 200, headers: { 'content-type': 'application/json' }, body: malformedBody(response.body) });
				return;
			case 'slowBody':
				record(req, url, request, response.status);
				await writeSlowly(res, response, fault.ms);
				return;
			default:
				finish(req, res, url, request, response);
		}
	}

	function finish(req: IncomingMessage, res: ServerResponse, url: string, request: SimRequest | undefined, response: SimResponse): void {
		record(req, url, request, response.status);
		writeResponse(res, response);
	}

	function record(req: IncomingMessage, url: string, request: SimRequest | undefined, status: number): void {
		if (!runtime.recordRequests) return;
		runtime.record({
			method: req.method ?? 'GET',
			path: url,
			headers: req.headers,
			body: request?.rawBody ?? '',
			...(request?.json !== undefined && { json: request.json }),
			status,
		});
	}

	/** Headers first, then the body in pieces spread over `ms`. */
	async function writeSlowly(res: ServerResponse, response: SimResponse, ms: number): Promise<void> {
		const body = Buffer.from(response.status === 204 ? '' : response.body);
		const headers: Record<string, string | number> = { ...response.headers };
		if (response.status !== 204) headers['content-length'] = body.length;
		res.writeHead(response.status, headers);
		res.flushHeaders();
		const pieces = Math.max(1, Math.min(body.length, 10));
		const size = Math.ceil(body.length / pieces);
		for (let i = 0; i < pieces; i++) {
			await runtime.sleep(ms / pieces);
			if (res.destroyed) return;
			const piece = body.subarray(i * size, (i + 1) * size);
			if (piece.length > 0) res.write(piece);
		}
		res.end();
	}
}

/** Reads and parses the body; undefined when it is over the size limit. */
async function toSimRequest(req: IncomingMessage, method: string, pathname: string): Promise<SimRequest | undefined> {
	let rawBody: string;
	try {
		rawBody = await readBody(req);
	} catch (err) {
		if (err instanceof BodyTooLargeError) return undefined;
		throw err;
	}
	const { json, jsonError } = parseJson(rawBody);
	const url = req.url ?? '';
	const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
	return { method, pathname, search, headers: req.headers, rawBody, json, jsonError };
}

function shed(): SimResponse {
	const requestId = randomUUID();
	return jsonResponse(429, { error: 'Too Many Requests', requestId }, { 'retry-after': '1', 'x-amzn-requestid': requestId });
}

function tooLarge(): SimResponse {
	return apiError(413, 'Request body too large');
}
