// The WebRTC v1 API surface: routing, auth, body validation, and turning outcomes into HTTP.
import type { AccessTokenStore, BasicCredentials } from './auth';
import { isAuthorized } from './auth';
import type { SimRequest, SimResponse } from './http';
import { apiError, forbidden, jsonResponse, missingAuthToken, noContent, unauthorized } from './http';
import type { Outcome, SimState } from './state';
import type { Subscriptions } from './types';
import type { Check } from './validate';
import { validateCreateParticipant, validateCreateSession, validateSubscriptions } from './validate';

export interface ApiDeps {
	state: SimState;
	accountId: string;
	user: BasicCredentials;
	tokens: AccessTokenStore;
}

type Handler = (req: SimRequest) => SimResponse;

/** Answers one API request (anything that is not the token endpoint or a control endpoint). */
export function createApiHandler(deps: ApiDeps): Handler {
	const { state, accountId, user, tokens } = deps;

	return (req) => {
		const route = resolve(req.method, req.pathname, state);
		// API Gateway answers an unknown path or method before it looks at credentials.
		if (!route) return missingAuthToken();
		const authorization = req.headers.authorization;
		if (!isAuthorized(authorization, user, tokens)) return unauthorized();
		if (route.accountId !== accountId) return forbidden();
		return route.handle(req);
	};
}

interface Route {
	accountId: string;
	handle: Handler;
}

/** `/v1/accounts/{accountId}/…` → the handler for that method and path, or undefined. */
function resolve(method: string, pathname: string, state: SimState): Route | undefined {
	const raw = pathname.split('/');
	// ['', 'v1', 'accounts', accountId, resource, ...]
	if (raw.length < 5 || raw[0] !== '' || raw[1] !== 'v1' || raw[2] !== 'accounts') return undefined;
	const segments: string[] = [];
	for (let i = 3; i < raw.length; i++) {
		if (raw[i] === '') return undefined;
		try {
			segments.push(decodeURIComponent(raw[i]));
		} catch {
			return undefined;
		}
	}
	const [accountId, resource, id, sub, subId, leaf] = segments;
	const n = segments.length;
	const handle = pick();
	return handle ? { accountId, handle } : undefined;

	function pick(): Handler | undefined {
		if (resource === 'participants') {
			if (n === 2 && method === 'POST') return withBody(validateCreateParticipant, (input) => state.createParticipant(input));
			if (n === 3 && method === 'GET') return () => toHttp(state.getParticipant(id));
			if (n === 3 && method === 'DELETE') return () => toHttp(state.deleteParticipant(id));
			return undefined;
		}
		if (resource !== 'sessions') return undefined;
		if (n === 2) return method === 'POST' ? withBody(validateCreateSession, (input) => state.createSession(input)) : undefined;
		if (n === 3 && method === 'GET') return () => toHttp(state.getSession(id));
		if (n === 3 && method === 'DELETE') return () => toHttp(state.deleteSession(id));
		if (sub !== 'participants') return undefined;
		if (n === 4) return method === 'GET' ? () => toHttp(state.listSessionParticipants(id)) : undefined;
		if (n === 5 && method === 'PUT') {
			return withBody(optionalSubscriptions, (subscriptions) => state.addParticipantToSession(id, subId, subscriptions));
		}
		if (n === 5 && method === 'DELETE') return () => toHttp(state.removeParticipantFromSession(id, subId));
		if (n === 6 && leaf === 'subscriptions') {
			if (method === 'GET') return () => toHttp(state.getSubscriptions(id, subId));
			if (method === 'PUT') {
				return withBody(optionalSubscriptions, (subscriptions) => state.updateSubscriptions(id, subId, subscriptions));
			}
		}
		return undefined;
	}
}

/** The body of the two subscription PUTs is optional (undefined when absent; JSON null counts as absent). */
function optionalSubscriptions(body: unknown): Check<Subscriptions | undefined> {
	if (body === undefined || body === null) return { ok: true, value: undefined };
	return validateSubscriptions(body);
}

/** Checks the JSON body, then runs the action with the validated input. */
function withBody<T>(validate: (body: unknown) => Check<T>, action: (input: T) => Outcome): Handler {
	return (req) => {
		if (req.jsonError) return apiError(400, 'Request body is not valid JSON');
		const input = validate(req.json);
		if (!input.ok) return apiError(400, input.error);
		return toHttp(action(input.value));
	};
}

function toHttp(outcome: Outcome): SimResponse {
	if (!outcome.ok) return apiError(outcome.status, outcome.error);
	return outcome.status === 204 ? noContent() : jsonResponse(200, outcome.body);
}
