import type { ErrorHints } from '../transport';

/** What a 404 or 409 means for each kind of object, said in the error's description. */

export const participantHints: ErrorHints = {
	notFound: 'The participant does not exist or is no longer active. Check the Participant ID.',
};

export const sessionHints: ErrorHints = {
	notFound:
		'The session does not exist or is no longer active (Bandwidth ends sessions after 9 hours). Check the Session ID.',
};

export const sessionParticipantHints: ErrorHints = {
	notFound:
		'The session or the participant does not exist or is no longer active (sessions end after 9 hours), or the participant is not in that session.',
	conflict:
		'The participant is already in a session (a participant can be in only one), or the session is full (at most 20 participants). Remove it from its current session first.',
};
