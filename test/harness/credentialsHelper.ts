import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';
import { Credentials } from 'n8n-core';

/**
 * What the n8n app does around a node's credentials, for n8n-core's engine: hand out the
 * decrypted data, apply the credential type's `authenticate` block (generic or function),
 * run `preAuthentication` for expirable fields, and keep what the engine saves back
 * (OAuth token data, refreshed fields) for the next request and the next execution.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Saved credential data by type, as the app's database would hold it. */
	readonly store = new Map<string, ICredentialDataDecryptedObject>();

	/** How many times each type's preAuthentication ran. */
	readonly preAuthenticationCalls = new Map<string, number>();

	/** How many times each type's data was read (in the app: loaded from the database and decrypted). */
	readonly reads = new Map<string, number>();

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	set(type: string, data: ICredentialDataDecryptedObject): void {
		this.store.set(type, { ...data });
	}

	private typeOf(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		const parents = type?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.typeOf(typeName);
		const options = requestOptions as IHttpRequestOptions & Record<string, unknown>;
		const { authenticate } = type;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, options);
		}
		if (authenticate?.type === 'generic') {
			// The app resolves each key and value as an expression over $credentials.
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				const target = (options[outerKey] ?? {}) as Record<string, unknown>;
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const resolvedKey = this.resolve(key, credentials, workflow, node) as string;
					target[resolvedKey] = this.resolve(value, credentials, workflow, node);
				}
				options[outerKey] = target;
			}
		}
		return options;
	}

	private resolve(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): unknown {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		return workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.typeOf(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		this.preAuthenticationCalls.set(typeName, (this.preAuthenticationCalls.get(typeName) ?? 0) + 1);
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(credentials, output);
		if (node.credentials?.[typeName]) {
			this.store.set(typeName, { ...(this.store.get(typeName) ?? {}), ...(output as ICredentialDataDecryptedObject) });
		}
		return credentials;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(type);
		if (!data) throw new Error(`No credentials of type ${type} were set for this test`);
		this.reads.set(type, (this.reads.get(type) ?? 0) + 1);
		return { ...data };
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const saved: ICredentialDataDecryptedObject = { ...(this.store.get(type) ?? {}) };
		if (data.oauthTokenData !== undefined) saved.oauthTokenData = data.oauthTokenData;
		this.store.set(type, saved);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeOf(type).properties;
	}
}
