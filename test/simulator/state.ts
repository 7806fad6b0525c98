// The in-memory model of one account's participants and sessions, and the API's rules.
// Inputs are already validated (validate.ts); results are plain outcomes, not HTTP.
import { randomUUID } from 'crypto';
import type { DeviceTokenSigner } from './jwt';
import type { Participant, Session, Subscriptions } from './types';
import type { CreateParticipantInput } from './validate';
import { isEmptySubscriptions } from './validate';

/** From Bandwidth's docs (not in the spec). */
export const MAX_PARTICIPANTS_PER_SESSION = 20;

export type Outcome = { ok: true; status: 200 | 204; body?: unknown } | { ok: false; status: 404 | 409; error: string };

const found = (body: unknown): Outcome => ({ ok: true, status: 200, body });
const done = (): Outcome => ({ ok: true, status: 204 });
const notFound = (error: string): Outcome => ({ ok: false, status: 404, error });
const conflict = (error: string): Outcome => ({ ok: false, status: 409, error });

export class SimState {
	readonly participants = new Map<string, Participant>();
	readonly sessions = new Map<string, Session>();

	constructor(private readonly deviceTokens: DeviceTokenSigner) {}

	clear(): void {
		this.participants.clear();
		this.sessions.clear();
	}

	createParticipant(input: CreateParticipantInput): Outcome {
		const id = randomUUID();
		// Key order as in the spec's participant schema.
		const participant: Participant = {
			id,
			...(input.callbackUrl !== undefined && { callbackUrl: input.callbackUrl }),
			publishPermissions: input.publishPermissions,
			sessions: [],
			subscriptions: input.subscriptions ?? {},
			...(input.tag !== undefined && { tag: input.tag }),
			deviceApiVersion: input.deviceApiVersion,
		};
		this.participants.set(id, participant);
		return found({ participant, token: this.deviceTokens.issue(id, input.deviceApiVersion) });
	}

	getParticipant(participantId: string): Outcome {
		const participant = this.participants.get(participantId);
		return participant ? found(participant) : participantNotFound(participantId);
	}

	deleteParticipant(participantId: string): Outcome {
		const participant = this.participants.get(participantId);
		if (!participant) return participantNotFound(participantId);
		for (const sessionId of participant.sessions) {
			const session = this.sessions.get(sessionId);
			if (session) session.participantIds = session.participantIds.filter((id) => id !== participantId);
		}
		this.participants.delete(participantId);
		return done();
	}

	createSession(input: { tag?: string }): Outcome {
		const session: Session = { id: randomUUID(), ...(input.tag !== undefined && { tag: input.tag }), participantIds: [] };
		this.sessions.set(session.id, session);
		return found(sessionView(session));
	}

	getSession(sessionId: string): Outcome {
		const session = this.sessions.get(sessionId);
		return session ? found(sessionView(session)) : sessionNotFound(sessionId);
	}

	deleteSession(sessionId: string): Outcome {
		const session = this.sessions.get(sessionId);
		if (!session) return sessionNotFound(sessionId);
		for (const participantId of session.participantIds) {
			const participant = this.participants.get(participantId);
			if (participant) leave(participant);
		}
		this.sessions.delete(sessionId);
		return done();
	}

	listSessionParticipants(sessionId: string): Outcome {
		const session = this.sessions.get(sessionId);
		if (!session) return sessionNotFound(sessionId);
		if (session.participantIds.length === 0) return done();
		const list: Participant[] = [];
		for (const id of session.participantIds) {
			const participant = this.participants.get(id);
			if (participant) list.push(participant);
		}
		return found(list);
	}

	/**
	 * Adding a participant to the session it is already in is accepted (204) and, when a body
	 * is given, replaces its subscriptions: a PUT must be safe to retry after a lost answer.
	 * With no body the participant keeps the subscriptions it has (those given at create time
	 * through the 1.0.5 `subscriptions` field, otherwise none).
	 * A full session answers 409 (a conflict with the session's current state, like "already in
	 * a session"), not 400: the request itself is well-formed.
	 */
	addParticipantToSession(sessionId: string, participantId: string, subscriptions: Subscriptions | undefined): Outcome {
		const session = this.sessions.get(sessionId);
		if (!session) return sessionNotFound(sessionId);
		const participant = this.participants.get(participantId);
		if (!participant) return participantNotFound(participantId);

		const current = participant.sessions[0];
		if (current === sessionId) {
			if (subscriptions !== undefined) participant.subscriptions = subscriptions;
			return done();
		}
		if (current !== undefined) return conflict(`Participant ${participantId} is already in session ${current}`);
		if (session.participantIds.length >= MAX_PARTICIPANTS_PER_SESSION) {
			return conflict(`Session ${sessionId} is full: at most ${MAX_PARTICIPANTS_PER_SESSION} participants`);
		}

		session.participantIds.push(participantId);
		participant.sessions = [sessionId];
		if (subscriptions !== undefined) participant.subscriptions = subscriptions;
		return done();
	}

	removeParticipantFromSession(sessionId: string, participantId: string): Outcome {
		const member = this.member(sessionId, participantId);
		if (!member.ok) return member.outcome;
		member.session.participantIds = member.session.participantIds.filter((id) => id !== participantId);
		leave(member.participant);
		return done();
	}

	getSubscriptions(sessionId: string, participantId: string): Outcome {
		const member = this.member(sessionId, participantId);
		if (!member.ok) return member.outcome;
		const { subscriptions } = member.participant;
		return isEmptySubscriptions(subscriptions) ? done() : found(subscriptions);
	}

	/** A full replace; no body removes every subscription. */
	updateSubscriptions(sessionId: string, participantId: string, subscriptions: Subscriptions | undefined): Outcome {
		const member = this.member(sessionId, participantId);
		if (!member.ok) return member.outcome;
		member.participant.subscriptions = subscriptions ?? {};
		return done();
	}

	private member(
		sessionId: string,
		participantId: string,
	): { ok: true; session: Session; participant: Participant } | { ok: false; outcome: Outcome } {
		const session = this.sessions.get(sessionId);
		if (!session) return { ok: false, outcome: sessionNotFound(sessionId) };
		const participant = this.participants.get(participantId);
		if (!participant) return { ok: false, outcome: participantNotFound(participantId) };
		if (participant.sessions[0] !== sessionId) {
			return { ok: false, outcome: notFound(`Participant ${participantId} is not in session ${sessionId}`) };
		}
		return { ok: true, session, participant };
	}
}

/** The API's session object: `{id, tag}` (tag left out when none was given). */
export function sessionView(session: Session): { id: string; tag?: string } {
	return session.tag === undefined ? { id: session.id } : { id: session.id, tag: session.tag };
}

/** Leaving a session also drops the subscriptions that belonged to it. */
function leave(participant: Participant): void {
	participant.sessions = [];
	participant.subscriptions = {};
}

function participantNotFound(id: string): Outcome {
	return notFound(`Participant ${id} not found`);
}

function sessionNotFound(id: string): Outcome {
	return notFound(`Session ${id} not found`);
}

