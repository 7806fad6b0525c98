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
import {
	buildCreateParticipantBody,
	checkCreateOutputOptions,
	decorateCreateOutput,
} from '../../helpers/participantRequest';
import { checkId, checkTag } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

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
	sessionCreatedHere: boolean;
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
	const participantBody = buildCreateParticipantBody(
		node,
		itemIndex,
		this.getNodeParameter('publishPermissions', itemIndex, []),
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	checkCreateOutputOptions(node, itemIndex, options);

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
			session = answer.body as IDataObject;
		} else {
			const answer = await api.request({
				method: 'POST',
				path: sessionsPath,
				body: sessionTag === undefined ? {} : { tag: sessionTag },
				itemIndex,
			});
			session = answer.body as IDataObject;
			created.sessionCreatedHere = true;
			created.sessionId = String(session.id);
		}

		const participantAnswer = await api.request({
			method: 'POST',
			path: participantsPath,
			body: participantBody,
			itemIndex,
		});
		const participantResult = participantAnswer.body as IDataObject;
		created.participantId = String((participantResult.participant as IDataObject).id);

		await api.request({
			method: 'PUT',
			path: sessionParticipantPath(created.sessionId as string, created.participantId),
			body: subscribeToSession ? { sessionId: created.sessionId } : undefined,
			itemIndex,
			hints: sessionParticipantHints,
		});

		// The create answer predates the add: show the participant as it now is.
		const participant: IDataObject = {
			...(participantResult.participant as IDataObject),
			sessions: [created.sessionId],
		};
		if (subscribeToSession) participant.subscriptions = { sessionId: created.sessionId };
		return decorateCreateOutput({ ...participantResult, participant, session }, options);
	} catch (error) {
		if (!created.sessionCreatedHere && !created.participantId) throw error;
		const cleanUp = options.cleanUpOnFailure !== false;
		const report = cleanUp ? await undo(api, created, itemIndex) : leftBehind(created);
		const failure = error as NodeApiError | NodeOperationError;
		failure.description = [failure.description, report].filter(Boolean).join(' ');
		throw failure;
	}
}

/** Deletes what this item created, best effort, and says what happened. */
async function undo(api: BandwidthApi, created: Created, itemIndex: number): Promise<string> {
	const notes: string[] = [];
	if (created.participantId) {
		notes.push(
			await tryDelete(api, participantPath(created.participantId), `participant ${created.participantId}`, itemIndex),
		);
	}
	if (created.sessionCreatedHere && created.sessionId) {
		notes.push(await tryDelete(api, sessionPath(created.sessionId), `session ${created.sessionId}`, itemIndex));
	}
	return `Clean-up: ${notes.join('; ')}.`;
}

async function tryDelete(api: BandwidthApi, path: string, label: string, itemIndex: number): Promise<string> {
	try {
		await api.request({ method: 'DELETE', path, itemIndex, allowNotFound: true });
		return `deleted ${label}`;
	} catch {
		return `could not delete ${label}, delete it yourself`;
	}
}

function leftBehind(created: Created): string {
	const parts: string[] = [];
	if (created.sessionCreatedHere) parts.push(`session ${created.sessionId}`);
	if (created.participantId) parts.push(`participant ${created.participantId}`);
	return `Already created and left in place: ${parts.join(' and ')}.`;
}
