import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type { ErrorHints } from '../transport';
import { CALLBACK_CREDENTIAL_TYPE, CALLBACK_SECRET_QUERY_PARAMETER } from '../../../credentials/shared';
import { readTokenExpiry } from './deviceToken';
import { checkCallbackUrl, checkId, invalidInput } from './validation';

/**
 * BRTC Endpoints (Bandwidth's current WebRTC product): paths, the create body checked field by
 * field against Bandwidth's spec (test/fixtures/brtc-endpoints-openapi.yaml), the output of
 * create, the <Connect><Endpoint> BXML and the list cursor.
 */

export const ENDPOINT_TYPES = ['WEBRTC'] as const;
export const ENDPOINT_DIRECTIONS = ['INBOUND', 'OUTBOUND', 'BIDIRECTIONAL'] as const;
export const ENDPOINT_STATUSES = ['CONNECTED', 'DISCONNECTED'] as const;

/** The spec's `endpointTag` says `maximum: 1024` (read as a length: it is a string). */
export const MAX_ENDPOINT_TAG_LENGTH = 1024;

/** Bandwidth's BXML documentation: "The maximum size of a BXML document is 64 KB." */
export const MAX_BXML_BYTES = 64 * 1024;

/** The spec's `limit` of listEndpoints: 1 to 1000, default 100. */
export const MAX_LIST_PAGE_SIZE = 1000;

export const endpointsPath = '/endpoints';

export function endpointPath(endpointId: string): string {
	return `/endpoints/${encodeURIComponent(endpointId)}`;
}

export function endpointBxmlPath(endpointId: string): string {
	return `${endpointPath(endpointId)}/bxml`;
}

export const endpointHints: ErrorHints = {
	notFound:
		'The endpoint does not exist: it was deleted, or it expired (endpoints live 24 hours). Check the Endpoint ID, or create a new endpoint.',
	byStatus: {
		401: 'Bandwidth refused the OAuth2 access token, a newly fetched one too. Check that the OAuth2 client in the Bandwidth BRTC OAuth2 API credential has BRTC access.',
		403: 'The OAuth2 client may lack BRTC access to this account, or the Account ID or Base URL in the Bandwidth BRTC OAuth2 API credential may be wrong.',
	},
};

export const accountEndpointsHints: ErrorHints = {
	notFound: 'Bandwidth found no BRTC account with this ID: check the Account ID in the Bandwidth BRTC OAuth2 API credential.',
	byStatus: endpointHints.byStatus,
};

export function readEndpointId(fns: IExecuteFunctions, itemIndex: number): string {
	return checkId(fns.getNode(), itemIndex, 'Endpoint ID', fns.getNodeParameter('endpointId', itemIndex));
}

function checkEnum<T extends string>(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
	if (!(allowed as readonly string[]).includes(text)) {
		throw invalidInput(node, itemIndex, field, `"${String(value)}" is not one of ${allowed.join(', ')}`);
	}
	return text as T;
}

export function checkEndpointTag(node: INode, itemIndex: number, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') {
		throw invalidInput(node, itemIndex, 'Tag', `expected text, got ${typeof value}`);
	}
	if (value.length > MAX_ENDPOINT_TAG_LENGTH) {
		throw invalidInput(
			node,
			itemIndex,
			'Tag',
			`it has ${value.length} characters; Bandwidth allows at most ${MAX_ENDPOINT_TAG_LENGTH}`,
		);
	}
	return value;
}

/** The spec's `webRtcConnectionMetadata` is an object with no declared properties. */
export function checkConnectionMetadata(node: INode, itemIndex: number, value: unknown): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		try {
			parsed = JSON.parse(value);
		} catch {
			throw invalidInput(node, itemIndex, 'Connection Metadata', 'it is not valid JSON');
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw invalidInput(node, itemIndex, 'Connection Metadata', 'it must be a JSON object, e.g. {"key": "value"}');
	}
	return parsed as IDataObject;
}

export interface EndpointAdditionalFields {
	eventCallbackUrl?: string;
	eventFallbackUrl?: string;
	tag?: string;
	connectionMetadata?: unknown;
}

/** The body of POST /endpoints (createWebRtcConnectionRequest), checked before anything is sent. */
export function buildCreateEndpointBody(
	node: INode,
	itemIndex: number,
	type: unknown,
	direction: unknown,
	additionalFields: EndpointAdditionalFields,
): IDataObject {
	const body: IDataObject = {
		type: checkEnum(node, itemIndex, 'Type', type, ENDPOINT_TYPES),
		direction: checkEnum(node, itemIndex, 'Direction', direction, ENDPOINT_DIRECTIONS),
	};
	const eventCallbackUrl = checkCallbackUrl(node, itemIndex, 'Event Callback URL', additionalFields.eventCallbackUrl);
	if (eventCallbackUrl !== undefined) body.eventCallbackUrl = eventCallbackUrl;
	const eventFallbackUrl = checkCallbackUrl(node, itemIndex, 'Event Fallback URL', additionalFields.eventFallbackUrl);
	if (eventFallbackUrl !== undefined) body.eventFallbackUrl = eventFallbackUrl;
	const tag = checkEndpointTag(node, itemIndex, additionalFields.tag);
	if (tag !== undefined) body.tag = tag;
	const connectionMetadata = checkConnectionMetadata(node, itemIndex, additionalFields.connectionMetadata);
	if (connectionMetadata !== undefined) body.connectionMetadata = connectionMetadata;
	return body;
}

export interface CreateEndpointOptions {
	includeTokenExpiry?: boolean;
	/** Leave `token` out of the output (an AI agent's tool that need not hand the token on). */
	omitToken?: boolean;
	includeConnectBxml?: boolean;
	connectEventCallbackUrl?: string;
	connectEventFallbackUrl?: string;
}

export function checkCreateEndpointOptions(node: INode, itemIndex: number, options: CreateEndpointOptions): void {
	if (!options.includeConnectBxml) return;
	checkCallbackUrl(node, itemIndex, 'Connect Event Callback URL', options.connectEventCallbackUrl);
	checkCallbackUrl(node, itemIndex, 'Connect Event Fallback URL', options.connectEventFallbackUrl);
}

/**
 * With Callback Authentication set to Callback Secret, the event URLs with the callback
 * credential's secret in their query (the Bandwidth WebRTC Trigger checks it); the fallback URL
 * gets it too, since Bandwidth posts the same events there.
 */
export async function applyEndpointCallbackSecret(
	fns: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<void> {
	if (fns.getNodeParameter('callbackAuthentication', itemIndex, 'none') !== 'callbackSecret') return;
	const node = fns.getNode();
	if (body.eventCallbackUrl === undefined) {
		throw invalidInput(
			node,
			itemIndex,
			'Event Callback URL',
			'it is empty, but Callback Authentication is Callback Secret',
			"Set Additional Fields > Event Callback URL to the Bandwidth WebRTC Trigger's Production URL",
		);
	}
	const { secret } = await fns.getCredentials(CALLBACK_CREDENTIAL_TYPE, itemIndex);
	if (typeof secret !== 'string' || secret === '') {
		throw invalidInput(node, itemIndex, 'Callback Secret', 'the Bandwidth WebRTC Callback API credential holds no secret');
	}
	for (const field of ['eventCallbackUrl', 'eventFallbackUrl']) {
		if (typeof body[field] !== 'string') continue;
		const url = new URL(body[field] as string);
		url.searchParams.set(CALLBACK_SECRET_QUERY_PARAMETER, secret);
		body[field] = url.toString();
	}
}

/** What Create reads of one item, checked before anything is sent. */
export async function readCreateEndpointInput(
	fns: IExecuteFunctions,
	itemIndex: number,
): Promise<{ body: IDataObject; options: CreateEndpointOptions }> {
	const node = fns.getNode();
	const body = buildCreateEndpointBody(
		node,
		itemIndex,
		fns.getNodeParameter('type', itemIndex, 'WEBRTC'),
		fns.getNodeParameter('direction', itemIndex),
		fns.getNodeParameter('additionalFields', itemIndex, {}) as EndpointAdditionalFields,
	);
	const options = fns.getNodeParameter('options', itemIndex, {}) as CreateEndpointOptions;
	checkCreateEndpointOptions(node, itemIndex, options);
	await applyEndpointCallbackSecret(fns, itemIndex, body);
	return { body, options };
}

/** A BRTC answer's `data`, out of its envelope `{links, data, errors}`. */
export function unwrapEnvelope(answer: unknown): unknown {
	if (answer && typeof answer === 'object' && !Array.isArray(answer) && 'data' in answer) {
		return (answer as IDataObject).data;
	}
	return answer;
}

/**
 * Create's output: the endpoint's fields with the device token at the top level as `token`
 * (as Bandwidth puts it in `data`), plus what the user asked for in Options.
 */
export function decorateCreateEndpointOutput(data: IDataObject, options: CreateEndpointOptions): IDataObject {
	const output: IDataObject = { ...data };
	if (options.includeTokenExpiry) {
		Object.assign(output, readTokenExpiry(data.token) ?? { tokenExpiresAt: null, tokenExpiresInSeconds: null });
	}
	if (options.includeConnectBxml && typeof data.endpointId === 'string') {
		output.connectBxml = buildConnectBxml(data.endpointId, {
			eventCallbackUrl: options.connectEventCallbackUrl?.trim() || undefined,
			eventFallbackUrl: options.connectEventFallbackUrl?.trim() || undefined,
		});
	}
	// After the expiry is read: the expiry can stay when the token goes.
	if (options.omitToken) delete output.token;
	return output;
}

/** Voice API BXML that connects a call to the endpoint (Bandwidth's <Connect> verb, in beta). */
export function buildConnectBxml(
	endpointId: string,
	attributes: { eventCallbackUrl?: string; eventFallbackUrl?: string } = {},
): string {
	const attrs = (['eventCallbackUrl', 'eventFallbackUrl'] as const)
		.filter((name) => attributes[name] !== undefined)
		.map((name) => ` ${name}="${escapeXml(attributes[name] as string)}"`)
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		`<Response><Connect${attrs}><Endpoint>${escapeXml(endpointId)}</Endpoint></Connect></Response>`
	);
}

export function checkBxml(node: INode, itemIndex: number, value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidInput(node, itemIndex, 'BXML', 'it is empty');
	}
	const bxml = value.trim();
	if (!bxml.startsWith('<')) {
		throw invalidInput(
			node,
			itemIndex,
			'BXML',
			'it is not an XML document',
			'Give a BXML document such as <Response><StartRecording /></Response>',
		);
	}
	const bytes = Buffer.byteLength(bxml, 'utf8');
	if (bytes > MAX_BXML_BYTES) {
		throw invalidInput(node, itemIndex, 'BXML', `it has ${bytes} bytes; Bandwidth allows at most ${MAX_BXML_BYTES} (64 KB)`);
	}
	return bxml;
}

/** The query of GET /endpoints: filters, page size and cursor. */
export function listEndpointsPath(filters: { type?: string; status?: string }, limit: number, afterCursor?: string): string {
	const query = new URLSearchParams();
	if (filters.type) query.set('type', filters.type);
	if (filters.status) query.set('status', filters.status);
	query.set('limit', String(limit));
	if (afterCursor !== undefined) query.set('afterCursor', afterCursor);
	return `${endpointsPath}?${query.toString()}`;
}

export function checkListFilters(node: INode, itemIndex: number, filters: IDataObject): { type?: string; status?: string } {
	const checked: { type?: string; status?: string } = {};
	if (filters.type !== undefined && filters.type !== '') {
		checked.type = checkEnum(node, itemIndex, 'Type', filters.type, ENDPOINT_TYPES);
	}
	if (filters.status !== undefined && filters.status !== '') {
		checked.status = checkEnum(node, itemIndex, 'Status', filters.status, ENDPOINT_STATUSES);
	}
	return checked;
}

/**
 * The `afterCursor` of the list answer's `next` link, or undefined on the last page. The node
 * sends it to its own base URL rather than following the link's host.
 */
export function nextCursor(answer: unknown): string | undefined {
	const links = (answer as IDataObject | undefined)?.links;
	if (!Array.isArray(links)) return undefined;
	const next = links.find((link) => (link as IDataObject | null)?.rel === 'next') as IDataObject | undefined;
	if (typeof next?.href !== 'string') return undefined;
	try {
		const cursor = new URL(next.href, 'https://api.bandwidth.com').searchParams.get('afterCursor');
		return cursor === null || cursor === '' ? undefined : cursor;
	} catch {
		return undefined;
	}
}

function escapeXml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
}
