// The Bandwidth BRTC OAuth2 API credential's Test, run as n8n's CredentialsTester runs it: a fresh
// token (preAuthentication), the test request as a declarative node's routing, then the rules.
import { BandwidthBrtcOAuth2Api } from '../../credentials/BandwidthBrtcOAuth2Api.credentials';
import { BandwidthWebRtcOAuth2Api } from '../../credentials/BandwidthWebRtcOAuth2Api.credentials';
import type { TestCredentialsHelper } from '../harness';
import { runCredentialTest } from '../harness/credentialTest';
import { LET_THROUGH } from '../simulator';
import { ACCOUNT_ID, brtcHelper, CLIENT_SECRET, TOKEN_PATH, useBrtcSimulator } from './endpointFixtures';

const ctx = useBrtcSimulator();
const credential = new BandwidthBrtcOAuth2Api();
/** The app's test: a fresh token (preAuthentication), the request through RoutingNode, the rules. */
const testCredential = (helper: TestCredentialsHelper) => runCredentialTest(credential, helper);

describe('Bandwidth BRTC OAuth2 API credential', () => {
	it('is the WebRTC v1 OAuth2 credential\'s token flow with BRTC\'s base URL and its own test', () => {
		expect(credential.name).toBe('bandwidthBrtcOAuth2Api');
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(byName.baseUrl.default).toBe('https://api.bandwidth.com/v2');
		expect(byName.tokenUrl.default).toBe('https://api.bandwidth.com/api/v1/oauth2/token');
		expect(byName.clientSecret.typeOptions?.password).toBe(true);
		// The hidden token fields are the v1 credential's own (its preAuthentication fills them).
		const hidden = (c: { properties: Array<{ name: string; type: string }> }) =>
			c.properties.filter((p) => p.type === 'hidden').map((p) => p.name);
		expect(hidden(credential)).toEqual(hidden(new BandwidthWebRtcOAuth2Api()));
		expect(hidden(credential).length).toBeGreaterThan(0);
	});

	it('passes for a right client ID and secret by listing at most one endpoint (nothing is created)', async () => {
		await expect(testCredential(ctx.helper)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(ctx.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			`POST ${TOKEN_PATH} 200`,
			`GET /v2/accounts/${ACCOUNT_ID}/endpoints?limit=1 200`,
		]);
		expect(ctx.sim.brtc.endpoints.size).toBe(0);
	});

	it('names a wrong client secret without quoting it', async () => {
		const outcome = await testCredential(brtcHelper(ctx.sim, { clientSecret: 'wrong-secret-42' }));
		expect(outcome).toEqual({ status: 'Error', message: 'Bandwidth refused the client ID or secret (401 invalid_client)' });
		expect(outcome.message).not.toContain(CLIENT_SECRET);
	});

	it('tells another account (403) apart', async () => {
		const outcome = await testCredential(brtcHelper(ctx.sim, { accountId: '9900001' }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/^This OAuth2 client has no BRTC access to this account ID \(Bandwidth answered 403 Forbidden\)/);
	});

	it('tells a token the Endpoints API refuses (401) apart', async () => {
		ctx.sim.injectFaults(LET_THROUGH); // the token request
		ctx.sim.injectFaults({
			kind: 'status',
			status: 401,
			body: { links: [], data: null, errors: [{ type: 'unauthorized', description: 'The provided credentials are not authorized to access this resource.' }] },
		});
		const outcome = await testCredential(ctx.helper);
		expect(outcome.message).toMatch(/^Bandwidth issued an access token, but the BRTC Endpoints API refused it \(401/);
	});

	it('fails when the base URL is not the BRTC API (the WebRTC v1 host, an HTML page)', async () => {
		const v1 = await testCredential(brtcHelper(ctx.sim, { baseUrl: ctx.sim.baseUrl }));
		expect(v1.status).toBe('Error');
		expect(v1.message).toMatch(/^The base URL did not answer as Bandwidth's BRTC Endpoints API does/);
		ctx.sim.injectFaults(LET_THROUGH);
		ctx.sim.injectFaults({ kind: 'status', status: 200, body: '<html>hello</html>' });
		const html = await testCredential(ctx.helper);
		expect(html.message).toMatch(/^The base URL did not answer as Bandwidth's BRTC Endpoints API does/);
	});
});
