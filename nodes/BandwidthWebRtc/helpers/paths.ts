/** Paths under /accounts/{accountId}; every id is checked by the caller and encoded here. */

export const participantsPath = '/participants';
export const sessionsPath = '/sessions';

export function participantPath(participantId: string): string {
	return `/participants/${encodeURIComponent(participantId)}`;
}

export function sessionPath(sessionId: string): string {
	return `/sessions/${encodeURIComponent(sessionId)}`;
}

export function sessionParticipantsPath(sessionId: string): string {
	return `${sessionPath(sessionId)}/participants`;
}

export function sessionParticipantPath(sessionId: string, participantId: string): string {
	return `${sessionParticipantsPath(sessionId)}/${encodeURIComponent(participantId)}`;
}

export function subscriptionsPath(sessionId: string, participantId: string): string {
	return `${sessionParticipantPath(sessionId, participantId)}/subscriptions`;
}
