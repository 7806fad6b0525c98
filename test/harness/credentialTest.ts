import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeType, INodeTypeDescription } from 'n8n-workflow';
import get from 'lodash/get';

import type { TestCredentialsHelper } from './credentialsHelper';
import { defaultNodeTypes, ITEMS_NODE_TYPE, runWorkflow } from './index';

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
}

const TEST_NODE_TYPE = 'test.credentialTest';

/**
 * A credential's test as the app runs it: n8n blanks the stored token so that preAuthentication
 * fetches a new one, sends the test request through a throw-away declarative node (n8n-core's
 * RoutingNode, with the real HTTP helper), then applies the rules to the answer's body. The
 * rules are applied as n8n's CredentialsTester (packages/cli, not in n8n-core) applies them:
 * lodash's get on the body, first match fails. The e2e suite runs the app's own tester.
 */
export async function runCredentialTest(
	credential: ICredentialType,
	helper: TestCredentialsHelper,
): Promise<CredentialTestOutcome> {
	const { test } = credential;
	if (!test) throw new Error(`${credential.name} has no test`);
	const { request } = test;
	helper.store.set(credential.name, { ...(helper.store.get(credential.name) ?? {}), accessToken: '' });

	class CredentialTestNode implements INodeType {
		description: INodeTypeDescription = {
			displayName: 'Temp',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request } }],
		};
	}

	const result = await runWorkflow({
		nodes: [
			{ id: 'items', name: 'Items', type: ITEMS_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: { items: '[{}]' } },
			{
				id: 'temp',
				name: 'Temp-Node',
				type: TEST_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
				credentials: { [credential.name]: { id: '1', name: credential.displayName } },
			},
		],
		connections: { Items: { main: [[{ node: 'Temp-Node', type: 'main', index: 0 }]] } },
		credentialsHelper: helper,
		nodeTypes: defaultNodeTypes().register(TEST_NODE_TYPE, new CredentialTestNode()),
	});
	const error = result.nodeError('Temp-Node');
	if (error) return { status: 'Error', message: error.message };
	const json = result.output('Temp-Node')[0].json as IDataObject;
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * A credential tested by a node (`testedBy` in the node's credentials, a function in its
 * `methods.credentialTest`), as n8n's CredentialsTester runs one: it takes the first node type
 * that names the credential with `testedBy`, and calls that function with n8n-core's
 * CredentialTestContext and the decrypted credential.
 */
export async function runNodeCredentialTest(
	nodeTypes: INodeType[],
	credentialName: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome & { testedBy: string; node: string }> {
	for (const nodeType of nodeTypes) {
		const entry = nodeType.description.credentials?.find((credential) => credential.name === credentialName && credential.testedBy);
		if (!entry || typeof entry.testedBy !== 'string') continue;
		const testFunction = nodeType.methods?.credentialTest?.[entry.testedBy];
		if (!testFunction) throw new Error(`${nodeType.description.name} names ${entry.testedBy} in testedBy but has no such credentialTest method`);
		const outcome = await testFunction.call(new CredentialTestContext(), { id: '1', name: 'test', type: credentialName, data });
		return { ...outcome, testedBy: entry.testedBy, node: nodeType.description.name };
	}
	throw new Error(`no node tests ${credentialName} (testedBy)`);
}
