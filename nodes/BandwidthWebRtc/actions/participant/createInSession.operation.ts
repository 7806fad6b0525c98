import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	createOutputOptions,
	participantAdditionalFields,
	publishPermissionsField,
} from '../../descriptions/participantFields';
import { sessionHints, sessionParticipantHints } from '../../helpers/hints';
import {
	participantPath,
	participantsPath,
	sessionParticipantPath,
	sessionPath,
	sessionsPath,
} from '../../helpers/paths';
import { decorateCreateOutput, readCreateParticipantInput } from '../../helpers/participantRequest';
import { checkId, checkTag } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';
import { errorSummary, withHint } from '../../transport/errors';

const properties: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty to create a new session',
		description: 'The session to join. Leave empty to create a new session for this participant.',
	},
	{
		displayName: 'Session Tag',
		name: 'sessionTag',
		type: 'string',
		default: '',
		description:
			'Tag of the new session, used only when Session ID is empty (at most 50 characters, no personal data)',
	},
	{
		displayName: 'Subscribe to Session',
		name: 'subscribeToSession',
		type: 'boolean',
		default: true,
		description:
			'Whether the participant receives everyone in the session, including those who join later. Turn off to set its subscriptions yourself.',
	},
	publishPermissionsField,
	participantAdditionalFields,
	{
		...createOutputOptions,
		options: [
			...(createOutputOptions.options ?? []),
			{
				displayName: 'Clean Up on Failure',
				name: 'cleanUpOnFailure',
				type: 'boolean',
				default: true,
				description:
					'Whether to delete the participant (and the session, if this step created it) when a later step fails, so nothing is left behind',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['participant'], operation: ['createInSession'] } },
	properties,
);

interface Created {
	sessionId?: string;
	/** This item's POST /sessions was answered 2xx. */
	sessionCreatedHere: boolean;
	/** This item's POST /participants was answered 2xx (the ID may still be missing). */
	participantPosted?: boolean;
	participantId?: string;
}

/**
 * Create a participant, create a session when none is given, and put the participant in it:
 * the three calls a join needs. When a later step fails, the error lists what was made.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const node = this.getNode();
	const rawSessionId = this.getNodeParameter('sessionId', itemIndex, '') as string;
	const givenSessionId =
		String(rawSessionId ?? '').trim() === ''
			? undefined
			: checkId(node, itemIndex, 'Session ID', rawSessionId);
	const sessionTag = givenSessionId
		? undefined
		: checkTag(node, itemIndex, 'Session Tag', this.getNodeParameter('sessionTag', itemIndex, ''));
	const subscribeToSession = this.getNodeParameter('subscribeToSession', itemIndex, true) as boolean;
	const { body: participantBody, options } = await readCreateParticipantInput(this, itemIndex);

	const created: Created = { sessionCreatedHere: false, sessionId: givenSessionId };
	try {
		let session: IDataObject;
		if (givenSessionId) {
			const answer = await api.request({
				method: 'GET',
				path: sessionPath(givenSessionId),
				itemIndex,
				hints: sessionHints,
			});
			session = answerObject(this, answer.body, 'the session', itemIndex);
		} else {
			const answer = await api.request({
				method: 'POST',
				path: sessionsPath,
				body: sessionTag === undefined ? {} : { tag: sessionTag },
				itemIndex,
			});
			created.sessionCreatedHere = true;
			session = answerObject(this, answer.body, 'the new session', itemIndex);
			created.sessionId = answerId(this, session.id, 'the new session', itemIndex);
		}

		const participantAnswer = await api.request({
			method: 'POST',
			path: participantsPath,
			body: participantBody,
			itemIndex,
		});
		created.participantPosted = true;
		const participantResult = answerObject(this, participantAnswer.body, 'the new participant', itemIndex);
		const newParticipant = answerObject(this, participantResult.participant, 'the new participant', itemIndex);
		created.participantId = answerId(this, newParticipant.id, 'the new participant', itemIndex);

		await api.request({
			method: 'PUT',
			path: sessionParticipantPath(created.sessionId as string, created.participantId),
			body: subscribeToSession ? { sessionId: created.sessionId } : undefined,
			itemIndex,
			hints: sessionParticipantHints,
		});

		// The create answer predates the add: show the participant as it now is.
		const participant: IDataObject = { ...newParticipant, sessions: [created.sessionId] };
		if (subscribeToSession) participant.subscriptions = { sessionId: created.sessionId };
		return decorateCreateOutput({ ...participantResult, participant, session }, options);
	} catch (caught) {
		const failure = asItemError(this, caught, itemIndex);
		if (!created.sessionCreatedHere && !created.participantPosted) throw failure;
		const cleanUp = options.cleanUpOnFailure !== false;
		const report = cleanUp ? await undo(api, created, itemIndex) : leftBehind(created);
		// In the message: an AI agent's model reads only that, and must know what is left behind.
		failure.message = withHint(failure.message, report);
		throw failure;
	}
}

/** A 2xx answer that is not the object the API promises: said, instead of a TypeError later. */
function answerObject(fns: IExecuteFunctions, value: unknown, what: string, itemIndex: number): IDataObject {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	throw new NodeApiError(fns.getNode(), { message: 'Unexpected answer' }, {
		message: `Bandwidth answered without ${what}`,
		description: `The answer held ${value === undefined ? 'nothing' : typeof value} where ${what} was expected.`,
		itemIndex,
	});
}

function answerId(fns: IExecuteFunctions, value: unknown, what: string, itemIndex: number): string {
	if (typeof value === 'string' && value !== '') return value;
	throw new NodeApiError(fns.getNode(), { message: 'Unexpected answer' }, {
		message: `Bandwidth answered without the ID of ${what}`,
		itemIndex,
	});
}

/** The error as users see it; never a raw value, which could carry the request. */
function asItemError(fns: IExecuteFunctions, caught: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) return caught;
	const message = caught instanceof Error ? caught.message : String(caught);
	return new NodeOperationError(fns.getNode(), message, { itemIndex });
}

/** Deletes what this item created, best effort, and says what was and was not cleaned up, and why. */
async function undo(api: BandwidthApi, created: Created, itemIndex: number): Promise<string> {
	const notes: string[] = [];
	const attempt = async (path: string, label: string) => {
		const reason = await tryDelete(api, path, itemIndex);
		notes.push(reason === undefined ? `deleted ${label}` : `could not delete ${label} (${reason}), delete it yourself`);
	};
	if (created.participantId) {
		await attempt(participantPath(created.participantId), `participant ${created.participantId}`);
	} else if (created.participantPosted) {
		notes.push('could not delete the participant, whose ID Bandwidth did not return: find it by its tag');
	}
	if (created.sessionCreatedHere && created.sessionId) {
		await attempt(sessionPath(created.sessionId), `session ${created.sessionId}`);
	} else if (created.sessionCreatedHere) {
		notes.push('could not delete the session, whose ID Bandwidth did not return');
	}
	return `Created: ${describeCreated(created)}. Clean-up: ${notes.join('; ')}.`;
}

/** Undefined when the object is gone; otherwise why it could not be deleted. */
async function tryDelete(api: BandwidthApi, path: string, itemIndex: number): Promise<string | undefined> {
	try {
		await api.request({ method: 'DELETE', path, itemIndex, allowNotFound: true });
		return undefined;
	} catch (error) {
		return errorSummary(error);
	}
}

function describeCreated(created: Created): string {
	const parts: string[] = [];
	if (created.sessionCreatedHere) parts.push(`session ${created.sessionId ?? '(ID not returned)'}`);
	if (created.participantPosted) parts.push(`participant ${created.participantId ?? '(ID not returned)'}`);
	return parts.join(' and ');
}

function leftBehind(created: Created): string {
	return `Already created and left in place: ${describeCreated(created)}.`;
}
