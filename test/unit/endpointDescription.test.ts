// The Endpoint (BRTC) part of the node's description: the public names saved workflows depend on
// (resource and operations), every spec field as a UI field with its enum or limit, and
// credentials that n8n's editor can show without hiding Resource or Operation.
import type { INode, INodeProperties, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { BandwidthWebRtc } from '../../nodes/BandwidthWebRtc/BandwidthWebRtc.node';
import { ENDPOINT_DIRECTIONS, ENDPOINT_STATUSES, ENDPOINT_TYPES } from '../../nodes/BandwidthWebRtc/helpers/endpointRequest';
import { CREATE_FIELDS, LIST_QUERY_PARAMETERS } from '../simulator/brtc/endpoints';
import { loadBrtcSpec, propertyNames } from '../simulator/brtc/spec';

const description = new BandwidthWebRtc().description;
const node = { typeVersion: 1 } as INode;
const spec = loadBrtcSpec();

/** Parameters as n8n holds them: defaults filled, hidden ones dropped. */
function resolved(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ?? {};
}

function credentialsShown(values: INodeParameters): string[] {
	const parameters = resolved(values);
	return (description.credentials ?? [])
		.filter((credential) => NodeHelpers.displayParameter(parameters, credential, node, description))
		.map((credential) => credential.name);
}

function fieldsShown(operation: string): INodeProperties[] {
	const parameters = resolved({ resource: 'endpoint', operation });
	return description.properties.filter((p) => NodeHelpers.displayParameter(parameters, p, node, description));
}

describe('Endpoint (BRTC) description', () => {
	it('has resource endpoint with the contract operations', () => {
		const operations = description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('endpoint'),
		);
		expect((operations?.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(
			['connectCall', 'create', 'delete', 'get', 'getAll', 'updateBxml'],
		);
	});

	it('shows only the BRTC credential for Endpoint, and only the v1 ones elsewhere', () => {
		expect(credentialsShown({ resource: 'endpoint', operation: 'create' })).toEqual(['bandwidthBrtcOAuth2Api']);
		expect(credentialsShown({ resource: 'endpoint', operation: 'create', callbackAuthentication: 'callbackSecret' })).toEqual([
			'bandwidthWebRtcCallbackApi',
			'bandwidthBrtcOAuth2Api',
		]);
		expect(credentialsShown({ resource: 'participant', operation: 'create' })).toEqual(['bandwidthWebRtcApi']);
		expect(credentialsShown({ resource: 'session', operation: 'get', authentication: 'oAuth2' })).toEqual(['bandwidthWebRtcOAuth2Api']);
		// A saved v1 workflow with OAuth2 keeps its credential even if it had picked Endpoint earlier.
		expect(credentialsShown({ resource: 'endpoint', operation: 'get', authentication: 'oAuth2' })).toEqual(['bandwidthBrtcOAuth2Api']);
	});

	it('names nothing but auth parameters in credential displayOptions, and no auth field uses show', () => {
		// n8n's editor hides every parameter named in a credential's show, and every parameter named
		// in the show of such an auth field: Resource and Operation must not be among them.
		const authFields = new Set<string>();
		for (const credential of description.credentials ?? []) {
			for (const name of Object.keys(credential.displayOptions?.show ?? {})) authFields.add(name);
		}
		expect([...authFields].sort()).toEqual(['authentication', 'brtcAuthentication', 'callbackAuthentication']);
		// '@version' (node version 1 or 2) names no parameter, so it hides nothing.
		for (const property of description.properties.filter((p) => authFields.has(p.name))) {
			expect(Object.keys(property.displayOptions?.show ?? {}).filter((name) => name !== '@version')).toEqual([]);
		}
	});

	it('makes every field of the spec\'s create request a UI field, with its enum', () => {
		const shown = fieldsShown('create');
		const topLevel = shown.map((p) => p.name);
		const additional = (shown.find((p) => p.name === 'additionalFields')?.options as INodeProperties[]).map((p) => p.name);
		expect([...topLevel, ...additional].filter((name) => CREATE_FIELDS.includes(name)).sort()).toEqual(
			propertyNames(spec, spec.schema('createEndpointRequest')).sort(),
		);
		const values = (name: string) => (shown.find((p) => p.name === name)?.options as Array<{ value: string }>).map((o) => o.value).sort();
		expect(values('type')).toEqual([...(spec.schema('endpointTypeEnum').enum as string[])].sort());
		expect(values('direction')).toEqual([...(spec.schema('endpointDirectionEnum').enum as string[])].sort());
		expect([...ENDPOINT_TYPES]).toEqual(spec.schema('endpointTypeEnum').enum);
		expect([...ENDPOINT_DIRECTIONS]).toEqual(spec.schema('endpointDirectionEnum').enum);
		expect([...ENDPOINT_STATUSES]).toEqual(spec.schema('endpointStatusEnum').enum);
	});

	it('gives Get Many Return All / Limit and a filter per query parameter of the spec', () => {
		const shown = fieldsShown('getAll');
		const filters = (shown.find((p) => p.name === 'filters')?.options as INodeProperties[]).map((p) => p.name);
		expect(shown.map((p) => p.name)).toEqual(expect.arrayContaining(['returnAll', 'limit', 'filters']));
		expect([...filters, 'limit', 'afterCursor'].sort()).toEqual([...LIST_QUERY_PARAMETERS].sort());
	});

	it('hides the v1 notice and Authentication for Endpoint, and shows neither Resource nor Operation as auth', () => {
		const names = fieldsShown('create').map((p) => p.name);
		expect(names).toEqual(expect.arrayContaining(['resource', 'operation', 'brtcAuthentication', 'callbackAuthentication']));
		expect(names).not.toContain('legacyNotice');
		expect(names).not.toContain('authentication');
	});
});
