import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { BandwidthWebRtcOAuth2Api } from '../../credentials/BandwidthWebRtcOAuth2Api.credentials';
import type { NodeRun, NodeRunOptions, TestCredentialsHelper } from '../harness';
import { credentialsFor, runBandwidthNode, stopEngineTimers } from '../harness';
import { runCredentialTest } from '../harness/credentialTest';
import type { RecordedRequest, Simulator } from '../simulator';
import { LET_THROUGH, startSimulator } from '../simulator';
import { everythingVisible } from './fixtures';

/**
 * The OAuth2 credential through n8n-core's real engine and the simulator's token endpoint: the
 * token comes from the credential's preAuthentication, which n8n runs and whose result the
 * credentials helper saves, as the app does.
 */

const OAUTH = 'bandwidthWebRtcOAuth2Api';
const ACCOUNT_ID = '9900000';
const CLIENT_ID = 'sim-oauth-client';
const CLIENT_SECRET = 'sim-oauth-5ecr3t-Qz7w';
const TOKEN_PATH = '/api/v1/oauth2/token';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ accountId: ACCOUNT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
});
beforeEach(() => sim.reset());
afterAll(async () => {
	await sim.close();
	stopEngineTimers();
});

function oauthHelper(
	overrides: ICredentialDataDecryptedObject = {},
	simulator: Simulator = sim,
): TestCredentialsHelper {
	return credentialsFor(OAUTH, {
		accountId: ACCOUNT_ID,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		baseUrl: simulator.baseUrl,
		tokenUrl: simulator.tokenUrl,
		accessToken: '',
		expiresAt: 0,
		...overrides,
	});
}

async function run(
	helper: TestCredentialsHelper,
	parameters: INodeParameters,
	options: Partial<NodeRunOptions> = {},
): Promise<NodeRun> {
	return await runBandwidthNode({
		credentialType: OAUTH,
		credentialsHelper: helper,
		parameters: { authentication: 'oAuth2', ...parameters },
		...options,
	});
}

const createSessions = (helper: TestCredentialsHelper, count: number) =>
	run(helper, { resource: 'session', operation: 'create' }, { items: Array.from({ length: count }, () => ({})) });

const isToken = (request: RecordedRequest) => request.path === TOKEN_PATH;
const lines = (requests: RecordedRequest[]) =>
	requests.map((request) => `${request.method} ${isToken(request) ? 'token' : 'api'} ${request.status}`);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const saved = (helper: TestCredentialsHelper) => helper.store.get(OAUTH) ?? {};

/** What the node (and an AI agent's model) reads for a wrong client secret: what happened, which credential, no retry. */
const WRONG_SECRET_MESSAGE =
	'Bandwidth refused the client ID or secret (401 invalid_client). Check the Client ID, Client Secret and Token URL in the "Bandwidth WebRTC OAuth2 API" credential. Retrying will not help until the credential is fixed.';

describe('OAuth2 client credentials', () => {
	it('fetches one token for 25 items run 10 at a time, and sends it as a Bearer token', async () => {
		sim.setLatency(20);
		const helper = oauthHelper();
		const before = Date.now();
		const result = await createSessions(helper, 25);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(25);
		expect(sim.inFlightPeak).toBeGreaterThan(1);
		expect(sim.accessTokensIssued).toBe(1);
		expect(helper.preAuthenticationCalls.get(OAUTH)).toBe(1);

		const [tokenRequest, ...apiRequests] = sim.requests;
		expect(isToken(tokenRequest)).toBe(true);
		expect(tokenRequest.method).toBe('POST');
		expect(tokenRequest.headers.authorization).toBe(basic(CLIENT_ID, CLIENT_SECRET));
		expect(tokenRequest.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(tokenRequest.body).toBe('grant_type=client_credentials');

		// n8n saved the token; every API request carries it, none carries the client's Basic auth.
		const token = saved(helper).accessToken as string;
		expect(token).toEqual(expect.any(String));
		expect(saved(helper).expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
		expect(saved(helper).expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
		expect(apiRequests).toHaveLength(25);
		for (const request of apiRequests) {
			expect(request.headers.authorization).toBe(`Bearer ${token}`);
			expect(JSON.stringify(request.headers)).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
			expect(JSON.stringify(request.headers)).not.toContain(CLIENT_SECRET);
		}
		expect(everythingVisible(result)).not.toContain(CLIENT_SECRET);
	});

	it('reads the credential once per execution and once around each new token, not once per request', async () => {
		const helper = oauthHelper();
		const first = await createSessions(helper, 25);
		expect(first.error).toBeUndefined();
		// Once to start, once before the token request (another execution may have saved one), once
		// after it (what n8n saved).
		expect(helper.reads.get(OAUTH)).toBe(3);

		helper.reads.clear();
		const second = await createSessions(helper, 25);
		expect(second.error).toBeUndefined();
		expect(sim.requests.filter((request) => !isToken(request))).toHaveLength(50);
		expect(helper.reads.get(OAUTH)).toBe(1);
	});

	it('reuses the saved token in the next execution', async () => {
		const helper = oauthHelper();
		await createSessions(helper, 5);
		const second = await createSessions(helper, 12);

		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(12);
		expect(sim.accessTokensIssued).toBe(1);
		expect(sim.requests.filter(isToken)).toHaveLength(1);
	});

	it('replaces a token shortly before it runs out, once for all items, without a 401', async () => {
		sim.setLatency(20);
		const helper = oauthHelper();
		await createSessions(helper, 1);
		const oldToken = saved(helper).accessToken;
		helper.store.set(OAUTH, { ...saved(helper), expiresAt: Date.now() + 10_000 });
		const from = sim.requests.length;

		const result = await createSessions(helper, 25);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(25);
		expect(sim.accessTokensIssued).toBe(2);
		const requests = sim.requests.slice(from);
		expect(requests.filter((request) => request.status === 401)).toEqual([]);
		const newToken = saved(helper).accessToken;
		expect(newToken).not.toBe(oldToken);
		expect(saved(helper).expiresAt).toBeGreaterThan(Date.now() + 3500_000);
		for (const request of requests.filter((r) => !isToken(r))) {
			expect(request.headers.authorization).toBe(`Bearer ${newToken}`);
		}
	});

	it('with short-lived tokens (30 s) fetches one per execution, not one per request', async () => {
		const shortLived = await startSimulator({
			accountId: ACCOUNT_ID,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			accessTokenLifetimeSeconds: 30,
			latencyMs: 10,
		});
		try {
			const helper = oauthHelper({}, shortLived);
			const first = await run(
				helper,
				{ resource: 'session', operation: 'create' },
				{ items: Array.from({ length: 25 }, () => ({})) },
			);
			expect(first.error).toBeUndefined();
			expect(shortLived.accessTokensIssued).toBe(1);

			// 30 s left is inside the 60 s margin: the next execution starts with a new token.
			const second = await run(
				helper,
				{ resource: 'session', operation: 'create' },
				{ items: Array.from({ length: 25 }, () => ({})) },
			);
			expect(second.error).toBeUndefined();
			expect(shortLived.accessTokensIssued).toBe(2);
			expect(shortLived.requests.filter((request) => request.status === 401)).toEqual([]);
		} finally {
			await shortLived.close();
		}
	});

	it('fetches a new token after a 401 for a revoked token, once, and the request succeeds', async () => {
		const helper = oauthHelper();
		await createSessions(helper, 1);
		sim.revokeAccessTokens();
		const from = sim.requests.length;

		const result = await createSessions(helper, 1);

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.id).toEqual(expect.any(String));
		expect(lines(sim.requests.slice(from))).toEqual(['POST api 401', 'POST token 200', 'POST api 200']);
		expect(sim.accessTokensIssued).toBe(2);
		expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${saved(helper).accessToken}`);
	});

	it('after a 401, items in flight together share one new token, and each is sent once more', async () => {
		const helper = oauthHelper();
		await createSessions(helper, 1);
		sim.revokeAccessTokens();
		const from = sim.requests.length;

		const result = await createSessions(helper, 5);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		const after = lines(sim.requests.slice(from));
		// One token request for the five refused requests, and one resend of each.
		expect(after.filter((line) => line === 'POST token 200')).toHaveLength(1);
		expect(after.filter((line) => line === 'POST api 401')).toHaveLength(5);
		expect(after.filter((line) => line === 'POST api 200')).toHaveLength(5);
		expect(sim.accessTokensIssued).toBe(2);
		expect(sim.sessions.size).toBe(6);
	});

	it('while the token endpoint is down, waiting items share each failed token request', async () => {
		const helper = oauthHelper();
		// Every request fails with 503 for a while: only token requests are sent, since none succeeds.
		sim.injectFaults({ kind: 'status', status: 503 }, 100);

		const result = await run(
			helper,
			{ resource: 'session', operation: 'create' },
			{ items: Array.from({ length: 10 }, () => ({})), continueOnFail: true },
		);

		const tokenRequests = sim.requests.filter(isToken).length;
		// Before: one token request per item and attempt (up to 30). Now: one per failed request's
		// pause (250 ms, doubling) while the items' own retries run (3 attempts).
		expect(tokenRequests).toBeGreaterThanOrEqual(1);
		expect(tokenRequests).toBeLessThanOrEqual(4);
		expect(sim.requests.every(isToken)).toBe(true);
		expect(result.items).toHaveLength(10);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 10 }, (_, item) => ({ item })),
		);
		for (const item of result.items) {
			expect(item.json.error).toMatch(/^Bandwidth's token endpoint is unavailable \(503\)/);
			expect(item.error?.name).toBe('NodeApiError');
		}
		expect(sim.sessions.size).toBe(0);
	});

	it('reports a token still refused after a new one as a 401 NodeApiError for that item', async () => {
		const helper = oauthHelper();
		await createSessions(helper, 1);
		const from = sim.requests.length;
		// API request: 401; token request: answered normally; the request sent again: 401.
		sim.injectFaults({ kind: 'status', status: 401 });
		sim.injectFaults(LET_THROUGH);
		sim.injectFaults({ kind: 'status', status: 401 });

		const result = await run(helper, { resource: 'session', operation: 'get', sessionId: 'some-session' });

		expect(lines(sim.requests.slice(from))).toEqual(['GET api 401', 'POST token 200', 'GET api 401']);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe('401');
		// The hint is in the message: an AI agent's model reads nothing else.
		expect(result.error?.message).toMatch(
			/^Bandwidth answered 401 Unauthorized: Unauthorized\. Bandwidth refused the OAuth2 access token.*retired on 2 December 2026.*move to BRTC.*Retrying will not help until the credential is fixed\.$/,
		);
		expect(result.error?.context).toMatchObject({ itemIndex: 0 });
		expect(everythingVisible(result)).not.toContain(CLIENT_SECRET);
	});

	it('fails every item with a clear message for a wrong client secret, asking for a token once', async () => {
		const wrongSecret = 'wrong-5ecr3t-Kp3x9';
		const helper = oauthHelper({ clientSecret: wrongSecret });

		const result = await run(
			helper,
			{ resource: 'session', operation: 'create' },
			{ items: [{}, {}, {}], continueOnFail: true },
		);

		expect(lines(sim.requests)).toEqual(['POST token 401']);
		expect(result.items.map((item) => item.json.error)).toEqual(
			Array(3).fill(WRONG_SECRET_MESSAGE),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].error?.description).toMatch(/Check the Client ID and Client Secret in the credential/);
		expect(result.items[2].error?.name).toBe('NodeApiError');
		const visible = everythingVisible(result);
		expect(visible).not.toContain(wrongSecret);
		expect(visible).not.toContain(Buffer.from(`${CLIENT_ID}:${wrongSecret}`).toString('base64'));
		expect(saved(helper).accessToken).toBe('');

		const stopped = await run(helper, { resource: 'session', operation: 'create' });
		expect(stopped.error?.name).toBe('NodeApiError');
		expect(stopped.error?.message).toBe(WRONG_SECRET_MESSAGE);
		expect(everythingVisible(stopped)).not.toContain(wrongSecret);
		expect(sim.participants.size + sim.sessions.size).toBe(0);
	});

	it('tries the token endpoint again when it fails (5xx), even before a POST', async () => {
		const helper = oauthHelper();
		sim.injectFaults({ kind: 'status', status: 503 });

		const result = await createSessions(helper, 1);

		expect(result.error).toBeUndefined();
		expect(lines(sim.requests)).toEqual(['POST token 503', 'POST token 200', 'POST api 200']);
		expect(sim.sessions.size).toBe(1);
	});

	it('names an unreachable token URL without retrying forever or sending the request', async () => {
		const closed = await startSimulator();
		const unreachable = closed.tokenUrl;
		await closed.close();
		const helper = oauthHelper({ tokenUrl: unreachable });

		const result = await run(helper, {
			resource: 'session',
			operation: 'create',
			requestOptions: { maxAttempts: 2, maxRetryWaitSeconds: 0 },
		});

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Could not reach the token URL of the Bandwidth OAuth2 credential (after 2 attempts). Try again in a few minutes; if it persists, check the Token URL in the "Bandwidth WebRTC OAuth2 API" credential.',
		);
		expect(result.error?.description).toMatch(/ECONNREFUSED/);
		expect(sim.requests).toEqual([]);
		expect(everythingVisible(result)).not.toContain(CLIENT_SECRET);
	});

	it('leaves the Basic credential as it was: no token, Basic auth', async () => {
		const helper = credentialsFor('bandwidthWebRtcApi', {
			accountId: ACCOUNT_ID,
			username: 'sim-user',
			password: 'sim-pass',
			baseUrl: sim.baseUrl,
		});
		const result = await runBandwidthNode({
			credentialsHelper: helper,
			parameters: { authentication: 'basicAuth', resource: 'session', operation: 'create' },
		});
		expect(result.error).toBeUndefined();
		expect(lines(sim.requests)).toEqual(['POST api 200']);
		expect(sim.requests[0].headers.authorization).toBe(basic('sim-user', 'sim-pass'));
		expect(sim.accessTokensIssued).toBe(0);
	});
});

/**
 * The credential's `test`, run as n8n's CredentialsTester runs it: its request as the routing of
 * a throw-away declarative node (n8n's RoutingNode), after a fresh token, then its rules.
 */
describe('OAuth2 credential test', () => {
	const credential = new BandwidthWebRtcOAuth2Api();
	// The app's test: a fresh token (preAuthentication), the request through RoutingNode, the rules.
	const testCredential = (helper: TestCredentialsHelper) => runCredentialTest(credential, helper);

	it('passes with a right client ID and secret, reading a participant that cannot exist', async () => {
		const helper = oauthHelper({ accessToken: 'stale', expiresAt: Date.now() + 3600_000 });
		await expect(testCredential(helper)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(lines(sim.requests)).toEqual(['POST token 200', 'GET api 404']);
		expect(sim.requests[1].path).toBe(`/v1/accounts/${ACCOUNT_ID}/participants/n8n-credential-test`);
		expect(sim.requests[1].headers.authorization).toBe(`Bearer ${saved(helper).accessToken}`);
	});

	it('names a wrong client secret without quoting it', async () => {
		const helper = oauthHelper({ clientSecret: 'not-the-secret-77' });
		const outcome = await testCredential(helper);
		expect(outcome).toEqual({
			status: 'Error',
			message: 'Bandwidth refused the client ID or secret (401 invalid_client)',
		});
		expect(lines(sim.requests)).toEqual(['POST token 401']);
	});

	it('says so when the WebRTC API refuses the token it was given', async () => {
		sim.injectFaults(LET_THROUGH); // the token request
		sim.injectFaults({ kind: 'status', status: 401 }); // the test request
		const outcome = await testCredential(oauthHelper());
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/^Bandwidth issued an access token, but the WebRTC API refused it \(401/);
	});

	const NOT_BANDWIDTH = /^The base URL did not answer as Bandwidth's WebRTC v1 API does/;

	it.each([
		['an HTML 404 page from another host', { status: 404, body: '<html><body>Not Found</body></html>' }],
		['a gateway 502 without a Bandwidth body', { status: 502, body: { message: 'Bad Gateway' } }],
		['a 401 with another body', { status: 401, body: { error: 'invalid_token' } }],
		['an empty 200', { status: 200, body: '' }],
		['a 500 with a plain-text body', { status: 500, body: 'Internal Server Error' }],
	])('fails on %s: only Bandwidth\'s own 404 passes', async (_label, fault) => {
		sim.injectFaults(LET_THROUGH); // the token request
		sim.injectFaults({ kind: 'status', ...fault });
		const outcome = await testCredential(oauthHelper());
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(NOT_BANDWIDTH);
	});

	it('treats the base URL and account ID as requests do: trimmed, trailing slashes dropped', async () => {
		const helper = oauthHelper({ baseUrl: `  ${sim.baseUrl}//  `, accountId: `  ${ACCOUNT_ID} ` });
		await expect(testCredential(helper)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.requests[1].path).toBe(`/v1/accounts/${ACCOUNT_ID}/participants/n8n-credential-test`);
	});

	it('tells a client without access to the account apart', async () => {
		sim.injectFaults(LET_THROUGH);
		sim.injectFaults({ kind: 'status', status: 403 });
		const outcome = await testCredential(oauthHelper());
		expect(outcome).toEqual({
			status: 'Error',
			message: 'This OAuth2 client has no WebRTC access to this account ID (Bandwidth answered 403 Forbidden)',
		});
	});
});
