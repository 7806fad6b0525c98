import type { IAuthenticate, ICredentialType, INode, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { BandwidthWebRtcApi } from '../../credentials/BandwidthWebRtcApi.credentials';
import { BandwidthWebRtcCallbackApi } from '../../credentials/BandwidthWebRtcCallbackApi.credentials';
import { BandwidthWebRtc } from '../../nodes/BandwidthWebRtc/BandwidthWebRtc.node';
import { requestOptionsField } from '../../nodes/BandwidthWebRtc/descriptions/requestOptions';
import { DEFAULT_POLICY } from '../../nodes/BandwidthWebRtc/transport';

/** The public names saved workflows depend on: resources and operations may only be added, never renamed. */
const CONTRACT: Record<string, string[]> = {
	participant: ['create', 'createInSession', 'get', 'delete'],
	session: ['create', 'get', 'delete', 'getParticipants', 'addParticipant', 'removeParticipant'],
	subscription: ['get', 'update'],
	// connectCall (Connect a Call (BXML)) was added with node version 2; it sends no request.
	endpoint: ['create', 'get', 'getAll', 'delete', 'updateBxml', 'connectCall'],
};

const description = new BandwidthWebRtc().description;

function shownFor(resource: string, operation: string): INodeProperties[] {
	return description.properties.filter((property) => {
		const show = property.displayOptions?.show;
		if (!show) return true;
		return (
			(!show.resource || show.resource.includes(resource)) &&
			(!show.operation || show.operation.includes(operation))
		);
	});
}

describe('node description', () => {
	it('has the contract names, versions 1 and 2, usable as a tool', () => {
		expect(description.name).toBe('bandwidthWebRtc');
		expect(description.version).toEqual([1, 2]);
		expect(description.usableAsTool).toBe(true);
		// One Resource field per node version: the same values, other defaults and labels.
		const resourceFields = description.properties.filter((property) => property.name === 'resource');
		expect(resourceFields).toHaveLength(2);
		for (const resource of resourceFields) {
			expect(resource.options?.map((option) => (option as { value: string }).value).sort()).toEqual(
				Object.keys(CONTRACT).sort(),
			);
		}
		for (const [name, operations] of Object.entries(CONTRACT)) {
			const operation = description.properties.find(
				(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(name),
			);
			expect(operation?.options?.map((option) => (option as { value: string }).value).sort()).toEqual(
				[...operations].sort(),
			);
		}
	});

	it.each([
		['participant', 'create', ['publishPermissions', 'additionalFields']],
		['participant', 'createInSession', ['publishPermissions', 'additionalFields', 'sessionId', 'sessionTag', 'subscribeToSession']],
		['participant', 'get', ['participantId']],
		['participant', 'delete', ['participantId']],
		['session', 'create', ['additionalFields']],
		['session', 'get', ['sessionId']],
		['session', 'delete', ['sessionId']],
		['session', 'getParticipants', ['sessionId']],
		['session', 'addParticipant', ['sessionId', 'participantId', 'subscriptions']],
		['session', 'removeParticipant', ['sessionId', 'participantId']],
		['subscription', 'get', ['sessionId', 'participantId']],
		['subscription', 'update', ['sessionId', 'participantId', 'subscriptions']],
	])('%s/%s shows the contract parameters', (resource, operation, names) => {
		const shown = shownFor(resource, operation).map((property) => property.name);
		for (const name of names) expect(shown).toContain(name);
	});

	it('create participant: permissions default to both, additional fields hold the contract keys', () => {
		const fields = shownFor('participant', 'create');
		expect(fields.find((f) => f.name === 'publishPermissions')?.default).toEqual(['AUDIO', 'VIDEO']);
		const additional = fields.find((f) => f.name === 'additionalFields');
		const keys = (additional?.options as INodeProperties[]).map((option) => option.name).sort();
		expect(keys).toEqual(['callbackUrl', 'deviceApiVersion', 'subscriptions', 'tag']);
		const version = (additional?.options as INodeProperties[]).find((option) => option.name === 'deviceApiVersion');
		expect(version?.default).toBe('V3');
		const subscriptions = (additional?.options as INodeProperties[]).find((option) => option.name === 'subscriptions');
		const participants = (subscriptions?.options as INodeProperties[]).find((option) => option.name === 'participants');
		expect(participants?.type).toBe('fixedCollection');
		const entry = (participants?.options as Array<{ name: string; values: INodeProperties[] }>)[0];
		expect(entry.name).toBe('participant');
		expect(entry.values.map((value) => value.name)).toEqual(['participantId', 'streamAliases']);
	});

	it('authentication offers basicAuth (default) and oAuth2 with the contract credential names', () => {
		const auth = description.properties.find((property) => property.name === 'authentication');
		expect(auth?.default).toBe('basicAuth');
		expect(description.credentials?.map((credential) => credential.name)).toEqual([
			'bandwidthWebRtcApi',
			'bandwidthWebRtcOAuth2Api',
			'bandwidthWebRtcCallbackApi',
			'bandwidthBrtcOAuth2Api',
		]);
		// The callback credential only with Callback Secret chosen, and naming no other parameter:
		// n8n's editor hides the parameters a credential's displayOptions name (e2e (e) checks it).
		expect(description.credentials?.[2].displayOptions).toEqual({ show: { callbackAuthentication: ['callbackSecret'] } });
		// Callback Authentication is shown exactly for the two create operations, and (being a field
		// a credential depends on) names nothing in `show`, or n8n's editor hides what it names.
		const callbackAuthentication = description.properties.filter((property) => property.name === 'callbackAuthentication');
		expect(callbackAuthentication).toHaveLength(1);
		expect(callbackAuthentication[0].displayOptions?.show).toBeUndefined();
		const resources = description.properties.find((property) => property.name === 'resource')?.options ?? [];
		const shownFor: string[] = [];
		for (const { value: resource } of resources as Array<{ value: string }>) {
			const operations = description.properties.filter(
				(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
			);
			for (const { value: operation } of operations.flatMap((property) => property.options ?? []) as Array<{ value: string }>) {
				const parameters = { resource, operation, callbackAuthentication: 'none' };
				if (NodeHelpers.displayParameter(parameters, callbackAuthentication[0], { typeVersion: 1 } as INode, description)) {
					shownFor.push(`${resource}.${operation}`);
				}
			}
		}
		expect(shownFor).toEqual(['endpoint.create', 'participant.create', 'participant.createInSession']);
		expect(shownFor).not.toContain('endpoint.connectCall');
	});

	it('request option defaults in the editor match the ones the code uses', () => {
		const options = requestOptionsField.options as INodeProperties[];
		const byName = Object.fromEntries(options.map((option) => [option.name, option.default]));
		expect(byName).toEqual({
			concurrency: DEFAULT_POLICY.concurrency,
			maxConcurrency: DEFAULT_POLICY.maxConcurrency,
			maxAttempts: DEFAULT_POLICY.maxAttempts,
			maxRetryWaitSeconds: DEFAULT_POLICY.maxRetryWaitMs / 1000,
			timeoutSeconds: DEFAULT_POLICY.timeoutMs / 1000,
		});
	});
});

describe('credential', () => {
	it('has the contract properties, Basic auth and a test', () => {
		const credential = new BandwidthWebRtcApi();
		expect(credential.name).toBe('bandwidthWebRtcApi');
		const properties = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(properties.accountId.required).toBe(true);
		expect(properties.username.required).toBe(true);
		expect(properties.password.typeOptions?.password).toBe(true);
		expect(properties.baseUrl.default).toBe('https://api.webrtc.bandwidth.com/v1');
		expect(credential.authenticate).toBeInstanceOf(Function);
		expect(credential.test.request.method).toBe('GET');
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
	});

	it('authenticate sets HTTP Basic auth from the username and password, keeping the request', async () => {
		const authenticate = new BandwidthWebRtcApi().authenticate as IAuthenticate & ((...args: unknown[]) => unknown);
		const options = await authenticate(
			{ username: 'api-user', password: 'p@ss:word', accountId: '1' },
			{ url: 'https://x/y', method: 'POST', headers: { A: 'b' } },
		);
		expect(options).toEqual({
			url: 'https://x/y',
			method: 'POST',
			headers: { A: 'b' },
			auth: { username: 'api-user', password: 'p@ss:word' },
		});
	});
});

describe('callback credential', () => {
	it('holds one required password-type secret and signs no request', () => {
		const credential: ICredentialType = new BandwidthWebRtcCallbackApi();
		expect(credential.name).toBe('bandwidthWebRtcCallbackApi');
		expect(credential.displayName).toBe('Bandwidth WebRTC Callback API');
		expect(credential.icon).toEqual({ light: 'file:../icons/bandwidth.svg', dark: 'file:../icons/bandwidth.dark.svg' });
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		const fields = credential.properties.filter((property) => property.type !== 'notice');
		expect(fields).toEqual([
			expect.objectContaining({ name: 'secret', type: 'string', required: true, default: '', typeOptions: { password: true } }),
		]);
		const notice = credential.properties.find((property) => property.type === 'notice')?.displayName;
		expect(notice).toMatch(/\?secret=/);
		expect(notice).not.toMatch(/<[A-Za-z]/);
		expect(credential.authenticate).toBeUndefined();
		expect(credential.test).toBeUndefined();
	});
});
