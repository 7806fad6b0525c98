import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IExecuteFunctions } from 'n8n-workflow';

/**
 * Credential data in the form `httpRequestWithAuthentication` takes it (`credentialsDecrypted`),
 * so that n8n uses it as it is instead of reading the node's credential again.
 */
export function asDecryptedCredential(
	fns: IExecuteFunctions,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): ICredentialsDecrypted {
	const saved = fns.getNode().credentials?.[credentialType];
	return { id: saved?.id ?? '', name: saved?.name ?? '', type: credentialType, data };
}
