// Small HTTP helpers shared by the API, OAuth and control handlers.
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';

/** An answer computed by a handler, not yet written. `body` is already serialized. */
export interface SimResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** A request after its body has been read. */
export interface SimRequest {
	method: string;
	/** Path without the query string. */
	pathname: string;
	/** The query string without its "?" (BRTC's list reads it). */
	search?: string;
	headers: IncomingMessage['headers'];
	rawBody: string;
	/** Parsed body; undefined when the body is empty or not JSON (see jsonError). */
	json: unknown;
	/** True when the body is non-empty and not valid JSON. */
	jsonError: boolean;
}

const JSON_TYPE = 'application/json';

export function jsonResponse(status: number, value: unknown, headers?: Record<string, string>): SimResponse {
	return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function noContent(): SimResponse {
	return { status: 204, headers: {}, body: '' };
}

/** Bandwidth's error shape for 400/404/409/500: `{error, requestId}`. */
export function apiError(status: number, error: string): SimResponse {
	const requestId = randomUUID();
	return jsonResponse(status, { error, requestId }, { 'x-amzn-requestid': requestId });
}

export const unauthorized = (): SimResponse => jsonResponse(401, { message: 'Unauthorized' });
export const forbidden = (): SimResponse => jsonResponse(403, { message: 'Forbidden' });
/** What Bandwidth's API Gateway answers for a path or method it does not have. */
export const missingAuthToken = (): SimResponse => jsonResponse(403, { message: 'Missing Authentication Token' });

/** Request bodies above this are refused (413) instead of buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			// Past the limit, keep draining (so a 413 can still be answered) but stop buffering.
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => {
			if (size > MAX_BODY_BYTES) reject(new BodyTooLargeError('Request body too large'));
			else resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
		});
		req.on('error', reject);
	});
}

/** Parses a body once for both the handler and the request log. */
export function parseJson(raw: string): { json: unknown; jsonError: boolean } {
	if (raw.length === 0 || raw.trim().length === 0) return { json: undefined, jsonError: false };
	try {
		return { json: JSON.parse(raw) as unknown, jsonError: false };
	} catch {
		return { json: undefined, jsonError: true };
	}
}

export function writeResponse(res: ServerResponse, response: SimResponse): void {
	const headers: Record<string, string | number> = { ...response.headers };
	if (response.status !== 204 && response.status !== 304) headers['content-length'] = Buffer.byteLength(response.body);
	res.writeHead(response.status, headers);
	res.end(response.status === 204 || response.status === 304 ? undefined : response.body);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
