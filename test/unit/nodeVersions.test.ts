import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { BandwidthWebRtc } from '../../nodes/BandwidthWebRtc/BandwidthWebRtc.node';

const description = new BandwidthWebRtc().description;

/** What the editor fills in for a node of this version from what was saved (n8n stores no defaults). */
function parametersOf(typeVersion: number, saved: INodeParameters = {}): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, saved, true, false, { typeVersion }, description) ?? {};
}

/** The credential types the editor asks for with these parameters. */
function credentialsAskedFor(typeVersion: number, saved: INodeParameters = {}): string[] {
	const parameters = parametersOf(typeVersion, saved);
	return (description.credentials ?? [])
		.filter((credential) => NodeHelpers.displayParameter(parameters, credential, { typeVersion }, description))
		.map((credential) => credential.name);
}

function resourceLabels(typeVersion: number): string[] {
	const resource = description.properties.find(
		(property) => property.name === 'resource' && NodeHelpers.displayParameter({}, property, { typeVersion }, description),
	);
	return (resource?.options ?? []).map((option) => option.name);
}

describe('node versions', () => {
	it('offers versions 1 and 2; a new node is version 2', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('version 2 opens on Endpoint (BRTC) / Create with the BRTC credential', () => {
		const parameters = parametersOf(2);
		expect(parameters.resource).toBe('endpoint');
		expect(parameters.operation).toBe('create');
		expect(parameters.brtcAuthentication).toBe('oAuth2');
		expect(parameters.authentication).toBeUndefined();
		expect(credentialsAskedFor(2)).toEqual(['bandwidthBrtcOAuth2Api']);
	});

	it('version 2 lists BRTC first and labels the WebRTC v1 resources legacy; v1 defaults to OAuth2', () => {
		expect(resourceLabels(2)).toEqual(['Endpoint (BRTC)', 'Participant (Legacy)', 'Session (Legacy)', 'Subscription (Legacy)']);
		const participant = parametersOf(2, { resource: 'participant' });
		expect(participant.authentication).toBe('oAuth2');
		expect(credentialsAskedFor(2, { resource: 'participant' })).toEqual(['bandwidthWebRtcOAuth2Api']);
	});

	it('version 1 keeps its defaults: Participant / Create with Basic auth, as saved workflows expect', () => {
		const parameters = parametersOf(1);
		expect(parameters.resource).toBe('participant');
		expect(parameters.operation).toBe('create');
		expect(parameters.authentication).toBe('basicAuth');
		expect(credentialsAskedFor(1)).toEqual(['bandwidthWebRtcApi']);
		expect(resourceLabels(1)).toEqual(['Endpoint (BRTC)', 'Participant', 'Session', 'Subscription']);
	});

	it('Connect a Call (BXML) asks for no credential, in both versions', () => {
		for (const typeVersion of [1, 2]) {
			expect(credentialsAskedFor(typeVersion, { resource: 'endpoint', operation: 'connectCall' })).toEqual([]);
		}
	});
});
