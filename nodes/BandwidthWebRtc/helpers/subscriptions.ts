import type { IDataObject, INode } from 'n8n-workflow';

import { checkId, invalidInput } from './validation';

/** The `subscriptions` collection as n8n stores it in saved workflows (a fixedCollection inside); a public shape. */
export interface SubscriptionsParameter {
	sessionId?: string;
	participants?: {
		participant?: Array<{ participantId?: string; streamAliases?: string | string[] }>;
	};
}

/** The API's subscriptions object. */
export interface Subscriptions extends IDataObject {
	sessionId?: string;
	participants?: Array<{ participantId: string; streamAliases?: string[] }>;
}

/**
 * Turns the editor's collection into the API's object, leaving out what is empty.
 * Returns undefined when nothing is set, so callers can omit the body altogether.
 */
export function buildSubscriptions(
	node: INode,
	itemIndex: number,
	value: unknown,
): Subscriptions | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw invalidInput(node, itemIndex, 'Subscriptions', 'expected a collection');
	}
	const input = value as SubscriptionsParameter;
	const subscriptions: Subscriptions = {};

	if (input.sessionId !== undefined && String(input.sessionId).trim() !== '') {
		subscriptions.sessionId = checkId(node, itemIndex, 'Subscriptions → Session ID', input.sessionId);
	}

	const entries = input.participants?.participant ?? [];
	const participants = entries.map((entry, position) => {
		const field = `Subscriptions → Participant ${position + 1} → Participant ID`;
		const participant: { participantId: string; streamAliases?: string[] } = {
			participantId: checkId(node, itemIndex, field, entry.participantId),
		};
		const aliases = splitList(entry.streamAliases);
		if (aliases.length > 0) participant.streamAliases = aliases;
		return participant;
	});
	if (participants.length > 0) subscriptions.participants = participants;

	return Object.keys(subscriptions).length > 0 ? subscriptions : undefined;
}

function splitList(value: string | string[] | undefined): string[] {
	if (value === undefined || value === null) return [];
	const parts = Array.isArray(value) ? value : String(value).split(',');
	// The API wants unique aliases: "camera, camera" is sent once.
	return [...new Set(parts.map((part) => String(part).trim()).filter((part) => part !== ''))];
}
