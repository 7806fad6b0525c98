import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactCallbackUrl } from './callbackUrl';

// Bandwidth's documented limit; the API itself is not documented to enforce it.
export const MAX_TAG_LENGTH = 50;

export const PUBLISH_PERMISSIONS = ['AUDIO', 'VIDEO'] as const;
export type PublishPermission = (typeof PUBLISH_PERMISSIONS)[number];

export const DEVICE_API_VERSIONS = ['V3', 'V2'] as const;
export type DeviceApiVersion = (typeof DEVICE_API_VERSIONS)[number];

/** Bad input found before any request: names the field and the item, as n8n users expect. */
export function invalidInput(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `Invalid "${field}" [item ${itemIndex}]: ${problem}`, {
		itemIndex,
		description,
	});
}

/**
 * An id typed by a user goes into a URL path: refuse what could change the path
 * (`/`, `?`, `#`, `..`) instead of sending a request somewhere else.
 */
export function checkId(node: INode, itemIndex: number, field: string, value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw invalidInput(node, itemIndex, field, `expected text, got ${describeType(value)}`);
	}
	const id = String(value).trim();
	if (id === '') {
		throw invalidInput(node, itemIndex, field, 'it is empty');
	}
	if (/[/?#]/.test(id) || id.includes('..')) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`"${id}" holds "/", "?", "#" or "..", which an ID never does`,
			'Map the field to the ID alone, for example {{ $json.participant.id }}',
		);
	}
	return id;
}

const ID_FIELDS = { participantId: 'Participant ID', sessionId: 'Session ID' } as const;

/** Reads an id parameter of this item and checks it (see checkId). */
export function readId(fns: IExecuteFunctions, itemIndex: number, name: keyof typeof ID_FIELDS): string {
	return checkId(fns.getNode(), itemIndex, ID_FIELDS[name], fns.getNodeParameter(name, itemIndex));
}

export function checkTag(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') {
		throw invalidInput(node, itemIndex, field, `expected text, got ${describeType(value)}`);
	}
	if (value.length > MAX_TAG_LENGTH) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`it has ${value.length} characters; Bandwidth allows at most ${MAX_TAG_LENGTH}`,
			'Tags must not hold personal data: use an ID from your own system instead of a name or email',
		);
	}
	return value;
}

export function checkCallbackUrl(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') {
		throw invalidInput(node, itemIndex, field, `expected a URL, got ${describeType(value)}`);
	}
	const url = value.trim();
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`"${redactCallbackUrl(url)}" is not an absolute http(s) URL`,
			'Use a full URL such as https://example.com/webrtc-events, for example the Production URL of a Bandwidth WebRTC Trigger node',
		);
	}
	return url;
}

export function checkPublishPermissions(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): PublishPermission[] {
	const list = typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;
	if (!Array.isArray(list)) {
		throw invalidInput(node, itemIndex, field, `expected a list of AUDIO and VIDEO, got ${describeType(value)}`);
	}
	const permissions: PublishPermission[] = [];
	for (const entry of list) {
		const permission = String(entry).trim().toUpperCase();
		if (!(PUBLISH_PERMISSIONS as readonly string[]).includes(permission)) {
			throw invalidInput(node, itemIndex, field, `"${String(entry)}" is not AUDIO or VIDEO`);
		}
		if (!permissions.includes(permission as PublishPermission)) {
			permissions.push(permission as PublishPermission);
		}
	}
	return permissions;
}

export function checkDeviceApiVersion(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): DeviceApiVersion | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const version = String(value).trim().toUpperCase();
	if (!(DEVICE_API_VERSIONS as readonly string[]).includes(version)) {
		throw invalidInput(node, itemIndex, field, `"${String(value)}" is not V3 or V2`);
	}
	return version as DeviceApiVersion;
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
