// BRTC Endpoints (Bandwidth's current WebRTC product) at /v2, strict to Bandwidth's spec:
// test/fixtures/brtc-endpoints-openapi.yaml (checked by test/simulator/brtc.test.ts).
// Bearer tokens from the simulator's OAuth token endpoint only; every answer in the envelope
// {links, data, errors}; endpoints expire (24 h by default, on the simulator's own clock).
import { createHmac, randomBytes, randomUUID } from 'crypto';
import type { AccessTokenStore } from '../auth';
import { parseBearer } from '../auth';
import type { SimRequest, SimResponse } from '../http';
import { isPlainObject, jsonResponse, noContent } from '../http';
import { deliverEndpointEvent } from './events';
import type {
	BrtcDevice,
	BrtcEndpoint,
	BrtcEventDelivery,
	BrtcEventName,
	BrtcEventShape,
	BrtcOptions,
} from './types';

export const BRTC_PREFIX = '/v2/';
export const ENDPOINT_TYPES = ['WEBRTC'];
export const ENDPOINT_DIRECTIONS = ['INBOUND', 'OUTBOUND', 'BIDIRECTIONAL'];
export const ENDPOINT_STATUSES = ['CONNECTED', 'DISCONNECTED'];
export const CREATE_FIELDS = ['type', 'direction', 'eventCallbackUrl', 'eventFallbackUrl', 'tag', 'connectionMetadata'];
export const LIST_QUERY_PARAMETERS = ['type', 'status', 'limit', 'afterCursor'];
export const MAX_TAG_LENGTH = 1024;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const BRTC_EVENTS: readonly BrtcEventName[] = [
	'endpointConnected',
	'endpointDisconnected',
	'endpointEligible',
	'endpointIneligible',
];

export const BRTC_DEFAULTS = {
	endpointLifetimeSeconds: 24 * 60 * 60,
	maxEndpoints: 10_000,
	tooManyEndpointsRetryAfterSeconds: 900,
} satisfies BrtcOptions;

interface ErrorEntry {
	type: string;
	description: string;
	source?: Record<string, string>;
}

/** A BRTC error answer: `{links: [], data: null, errors: [{id, type, description, code, source?}]}`. */
export function brtcError(status: number, entry: ErrorEntry, headers?: Record<string, string>): SimResponse {
	return jsonResponse(
		status,
		{ links: [], data: null, errors: [{ id: randomUUID(), ...entry, code: String(status) }] },
		headers,
	);
}

const invalid = (description: string, source: Record<string, string>) =>
	brtcError(400, { type: 'invalid_parameter', description, source });

export class BrtcEndpoints {
	/** Live endpoints in creation order (a Map keeps it). */
	readonly endpoints = new Map<string, BrtcEndpoint>();
	/** Every BXML document the API accepted, per endpoint, oldest first. */
	readonly bxml = new Map<string, string[]>();
	/** Added to Date.now(): moves the simulator's clock forward, for expiry tests. */
	private clockOffsetMs = 0;
	private readonly signingKey = randomBytes(32);
	private readonly options: Required<BrtcOptions>;

	constructor(
		private readonly accountId: string,
		private readonly tokens: AccessTokenStore,
		private readonly publicUrl: () => string,
		options: BrtcOptions = {},
	) {
		this.options = { ...BRTC_DEFAULTS, ...options };
	}

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	advanceClock(seconds: number): void {
		if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a number >= 0');
		this.clockOffsetMs += seconds * 1000;
		this.expire();
	}

	/**
	 * One endpoint as if it had been created `seconds` earlier (its creation and expiry move back):
	 * an old endpoint next to new ones, which advanceClock cannot give, since it ages every one.
	 */
	backdate(endpointId: string, seconds: number): boolean {
		const endpoint = this.endpoints.get(endpointId);
		if (!endpoint) return false;
		const shift = (timestamp: string) => iso(Date.parse(timestamp) - seconds * 1000);
		endpoint.creationTimestamp = shift(endpoint.creationTimestamp);
		endpoint.expirationTimestamp = shift(endpoint.expirationTimestamp);
		this.expire();
		return true;
	}

	setMaxEndpoints(max: number): void {
		if (!Number.isInteger(max) || max < 0) throw new RangeError('maxEndpoints must be an integer >= 0');
		this.options.maxEndpoints = max;
	}

	reset(): void {
		this.endpoints.clear();
		this.bxml.clear();
		this.clockOffsetMs = 0;
		this.options.maxEndpoints = BRTC_DEFAULTS.maxEndpoints;
	}

	/** Endpoints whose 24 h are over are gone, with their tokens and devices. */
	private expire(): void {
		const now = this.now();
		for (const [id, endpoint] of this.endpoints) {
			if (Date.parse(endpoint.expirationTimestamp) <= now) {
				this.endpoints.delete(id);
			}
		}
	}

	handle(req: SimRequest, search: string): SimResponse {
		const bearer = parseBearer(req.headers.authorization);
		if (bearer === undefined || !this.tokens.isValid(bearer)) {
			return brtcError(401, {
				type: 'unauthorized',
				description: 'The provided credentials are not authorized to access this resource.',
				source: { header: 'Authorization' },
			});
		}
		const match = /^\/v2\/accounts\/([^/]+)\/endpoints(?:\/([^/]+)(\/bxml)?)?\/?$/.exec(req.pathname);
		if (!match) {
			return brtcError(404, { type: 'resource_not_found', description: 'The requested resource was not found.' });
		}
		const accountId = safeDecode(match[1]);
		if (accountId === undefined || !/^\d+$/.test(accountId)) {
			return invalid('accountId must not contain any characters other than numbers.', { parameter: 'accountId' });
		}
		if (accountId !== this.accountId) {
			return brtcError(403, {
				type: 'forbidden',
				description: 'The provided credentials are not authorized to access this resource.',
				source: { header: 'Authorization' },
			});
		}
		this.expire();
		const endpointId = match[2] === undefined ? undefined : safeDecode(match[2]);
		const isBxml = match[3] !== undefined;
		const route = `${req.method} ${endpointId === undefined ? 'collection' : isBxml ? 'bxml' : 'item'}`;
		switch (route) {
			case 'POST collection':
				return this.create(req);
			case 'GET collection':
				return this.list(search);
			case 'GET item':
				return this.get(endpointId as string);
			case 'DELETE item':
				return this.remove(endpointId as string);
			case 'PUT bxml':
				return this.updateBxml(req, endpointId as string);
			default:
				return brtcError(405, {
					type: 'method_not_allowed',
					description: 'The requested method is not allowed on this resource.',
				});
		}
	}

	private create(req: SimRequest): SimResponse {
		if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
			return unsupportedMediaType();
		}
		if (req.jsonError || !isPlainObject(req.json)) {
			return invalid('The request body must be a JSON object.', { field: 'body' });
		}
		const body = req.json;
		for (const key of Object.keys(body)) {
			if (!CREATE_FIELDS.includes(key)) return invalid(`Unknown field ${key}.`, { field: key });
		}
		if (body.type === undefined) return invalid('type is required.', { field: 'type' });
		if (!ENDPOINT_TYPES.includes(body.type as string)) {
			return invalid(`type must be one of ${ENDPOINT_TYPES.join(', ')}.`, { field: 'type' });
		}
		if (body.direction === undefined) return invalid('direction is required.', { field: 'direction' });
		if (!ENDPOINT_DIRECTIONS.includes(body.direction as string)) {
			return invalid(`direction must be one of ${ENDPOINT_DIRECTIONS.join(', ')}.`, { field: 'direction' });
		}
		for (const field of ['eventCallbackUrl', 'eventFallbackUrl']) {
			if (body[field] !== undefined && !isAbsoluteUri(body[field])) {
				return invalid(`${field} must be a URI.`, { field });
			}
		}
		if (body.tag !== undefined && (typeof body.tag !== 'string' || body.tag.length > MAX_TAG_LENGTH)) {
			return invalid(`tag must be a string of at most ${MAX_TAG_LENGTH} characters.`, { field: 'tag' });
		}
		if (body.connectionMetadata !== undefined && !isPlainObject(body.connectionMetadata)) {
			return invalid('connectionMetadata must be an object.', { field: 'connectionMetadata' });
		}
		if (this.endpoints.size >= this.options.maxEndpoints) {
			return brtcError(
				429,
				{
					type: 'too_many_endpoints',
					description:
						'Too many endpoints. Please delete an existing endpoint or wait 24 hours for an endpoint to be removed.',
				},
				{ 'retry-after': String(this.options.tooManyEndpointsRetryAfterSeconds) },
			);
		}

		const created = this.now();
		const expires = created + this.options.endpointLifetimeSeconds * 1000;
		const endpointId = `e-${randomUUID()}`;
		const endpoint: BrtcEndpoint = {
			endpointId,
			type: body.type as 'WEBRTC',
			status: 'DISCONNECTED',
			creationTimestamp: iso(created),
			expirationTimestamp: iso(expires),
			devices: [],
			...(typeof body.tag === 'string' && { tag: body.tag }),
			direction: body.direction as BrtcEndpoint['direction'],
			...(typeof body.eventCallbackUrl === 'string' && { eventCallbackUrl: body.eventCallbackUrl }),
			...(typeof body.eventFallbackUrl === 'string' && { eventFallbackUrl: body.eventFallbackUrl }),
			...(isPlainObject(body.connectionMetadata) && { connectionMetadata: body.connectionMetadata }),
		};
		this.endpoints.set(endpointId, endpoint);
		const token = this.signToken(endpointId, Math.floor(created / 1000), Math.floor(expires / 1000));
		return jsonResponse(201, {
			links: [{ href: this.endpointUrl(endpointId), rel: 'endpoint', method: 'GET' }],
			data: { ...this.publicEndpoint(endpoint), token },
			errors: [],
		});
	}

	private list(search: string): SimResponse {
		const query = new URLSearchParams(search);
		for (const key of query.keys()) {
			if (!LIST_QUERY_PARAMETERS.includes(key)) return invalid(`Unknown query parameter ${key}.`, { parameter: key });
		}
		const type = query.get('type');
		if (type !== null && !ENDPOINT_TYPES.includes(type)) {
			return invalid(`type must be one of ${ENDPOINT_TYPES.join(', ')}.`, { parameter: 'type' });
		}
		const status = query.get('status');
		if (status !== null && !ENDPOINT_STATUSES.includes(status)) {
			return invalid(`status must be one of ${ENDPOINT_STATUSES.join(', ')}.`, { parameter: 'status' });
		}
		const rawLimit = query.get('limit');
		const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
		if (rawLimit !== null && (!/^\d+$/.test(rawLimit) || limit < 1 || limit > MAX_LIMIT)) {
			return invalid(`limit must be an integer from 1 to ${MAX_LIMIT}.`, { parameter: 'limit' });
		}
		const matching = [...this.endpoints.values()].filter(
			(endpoint) => (type === null || endpoint.type === type) && (status === null || endpoint.status === status),
		);
		let start = 0;
		const afterCursor = query.get('afterCursor');
		if (afterCursor !== null) {
			const decoded = decodeCursor(afterCursor);
			if (decoded === undefined) return invalid('afterCursor is not valid.', { parameter: 'afterCursor' });
			start = decoded;
		}
		const pageItems = matching.slice(start, start + limit);
		const selfQuery = new URLSearchParams();
		if (type !== null) selfQuery.set('type', type);
		if (status !== null) selfQuery.set('status', status);
		selfQuery.set('limit', String(limit));
		const base = `${this.publicUrl()}/v2/accounts/${this.accountId}/endpoints`;
		const selfLinkQuery = new URLSearchParams(selfQuery);
		if (afterCursor !== null) selfLinkQuery.set('afterCursor', afterCursor);
		const links = [{ href: `${base}?${selfLinkQuery.toString()}`, rel: 'self', method: 'GET' }];
		if (start + limit < matching.length) {
			const nextQuery = new URLSearchParams(selfQuery);
			nextQuery.set('afterCursor', encodeCursor(start + limit));
			links.push({ href: `${base}?${nextQuery.toString()}`, rel: 'next', method: 'GET' });
		}
		return jsonResponse(200, {
			links,
			page: {
				pageSize: limit,
				totalElements: matching.length,
				totalPages: Math.ceil(matching.length / limit),
				pageNumber: Math.floor(start / limit),
			},
			data: pageItems.map((endpoint) => {
				// The list holds `endpoints` items: no devices.
				const { devices: _devices, ...rest } = this.publicEndpoint(endpoint);
				return rest;
			}),
			errors: [],
		});
	}

	private get(endpointId: string): SimResponse {
		const endpoint = this.endpoints.get(endpointId);
		if (!endpoint) return notFound(endpointId);
		return jsonResponse(200, {
			links: [{ href: this.endpointUrl(endpointId), rel: 'self', method: 'GET' }],
			data: this.publicEndpoint(endpoint),
			errors: [],
		});
	}

	private remove(endpointId: string): SimResponse {
		if (!this.endpoints.delete(endpointId)) return notFound(endpointId);
		return noContent();
	}

	private updateBxml(req: SimRequest, endpointId: string): SimResponse {
		if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/xml')) {
			return unsupportedMediaType();
		}
		if (!this.endpoints.has(endpointId)) return notFound(endpointId);
		const xml = req.rawBody.trim();
		// Simulator's own check (the spec gives none): an XML document with a <Response> root.
		if (!/^(<\?xml[^>]*\?>\s*)?<Response[\s/>]/.test(xml)) {
			return invalid('The body must be a BXML document with a <Response> root.', { field: 'body' });
		}
		const list = this.bxml.get(endpointId) ?? [];
		list.push(xml);
		this.bxml.set(endpointId, list);
		return noContent();
	}

	/** A device connects or disconnects (or the endpoint turns eligible or ineligible): the webhook. */
	async sendEvent(
		endpointId: string,
		event: BrtcEventName,
		opts: { shape?: BrtcEventShape; deviceId?: string; headers?: Record<string, string> } = {},
	): Promise<BrtcEventDelivery> {
		this.expire();
		const endpoint = this.endpoints.get(endpointId);
		if (!endpoint) throw new Error(`Endpoint ${endpointId} not found`);
		if (!BRTC_EVENTS.includes(event)) throw new TypeError(`Unknown endpoint event ${String(event)}`);
		const shape = opts.shape ?? 'docs';
		if (shape === 'spec' && event !== 'endpointConnected' && event !== 'endpointDisconnected') {
			throw new TypeError('The spec shape (endpointEvent) has only DEVICE_CONNECTED and DEVICE_DISCONNECTED');
		}
		const now = this.now();
		let device: BrtcDevice | undefined;
		if (event === 'endpointConnected') {
			device = { deviceId: opts.deviceId ?? `d-${randomUUID()}`, status: 'CONNECTED', creationTimestamp: iso(now) };
			endpoint.devices.push(device);
			endpoint.status = 'CONNECTED';
		} else {
			device =
				(opts.deviceId ? endpoint.devices.find((d) => d.deviceId === opts.deviceId) : undefined) ??
				[...endpoint.devices].reverse().find((d) => d.status === 'CONNECTED') ??
				endpoint.devices[endpoint.devices.length - 1];
			if (event === 'endpointDisconnected' && device) {
				device.status = 'DISCONNECTED';
				if (!endpoint.devices.some((d) => d.status === 'CONNECTED')) endpoint.status = 'DISCONNECTED';
			}
		}
		const deviceId = device?.deviceId ?? opts.deviceId ?? `d-${randomUUID()}`;
		const payload =
			shape === 'docs'
				? {
						accountId: this.accountId,
						endpointId,
						event,
						deviceId,
						timestamp: now,
						...(endpoint.tag !== undefined && { tags: endpoint.tag }),
					}
				: {
						...this.publicEndpoint(endpoint, false),
						eventTime: iso(now),
						eventType: event === 'endpointConnected' ? 'DEVICE_CONNECTED' : 'DEVICE_DISCONNECTED',
						...(device && { device: { ...device } }),
					};
		return await deliverEndpointEvent(endpoint, payload, opts.headers);
	}

	private publicEndpoint(endpoint: BrtcEndpoint, withDevices = true): Record<string, unknown> {
		return {
			endpointId: endpoint.endpointId,
			type: endpoint.type,
			status: endpoint.status,
			creationTimestamp: endpoint.creationTimestamp,
			expirationTimestamp: endpoint.expirationTimestamp,
			...(withDevices && { devices: endpoint.devices.map((device) => ({ ...device })) }),
			...(endpoint.tag !== undefined && { tag: endpoint.tag }),
		};
	}

	private endpointUrl(endpointId: string): string {
		return `${this.publicUrl()}/v2/accounts/${this.accountId}/endpoints/${endpointId}`;
	}

	/** A JWT (HS256) for the device, expiring with the endpoint. Its claims are the simulator's own. */
	private signToken(endpointId: string, iat: number, exp: number): string {
		const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
		const claims = Buffer.from(JSON.stringify({ sub: endpointId, a: this.accountId, iat, exp })).toString('base64url');
		const signature = createHmac('sha256', this.signingKey).update(`${header}.${claims}`).digest('base64url');
		return `${header}.${claims}.${signature}`;
	}
}

function notFound(endpointId: string): SimResponse {
	return brtcError(404, {
		type: 'resource_not_found',
		description: 'The requested resource was not found.',
		source: { reference: endpointId },
	});
}

function unsupportedMediaType(): SimResponse {
	return brtcError(415, {
		type: 'unsupported_media_type',
		description: 'The provided media type is not supported.',
		source: { header: 'Content-Type' },
	});
}

function iso(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isAbsoluteUri(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		return /^[a-z][a-z0-9+.-]*:/i.test(value) && new URL(value).protocol !== '';
	} catch {
		return false;
	}
}

function safeDecode(value: string): string | undefined {
	try {
		return decodeURIComponent(value);
	} catch {
		return undefined;
	}
}

/** Opaque to clients: base64 of the offset, as Bandwidth's example cursor is base64. */
function encodeCursor(offset: number): string {
	return Buffer.from(JSON.stringify({ o: offset })).toString('base64');
}

function decodeCursor(cursor: string): number | undefined {
	try {
		const value = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as unknown;
		const offset = isPlainObject(value) ? value.o : undefined;
		return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
	} catch {
		return undefined;
	}
}
