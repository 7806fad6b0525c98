import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The shared secret the Bandwidth WebRTC Trigger expects on incoming callbacks. It signs no
 * outgoing request, so it has no `authenticate` block, and no Bandwidth endpoint knows it: its
 * test, run by the nodes that use it (`testedBy: 'callbackSecretStrength'`), judges the secret's
 * strength and says so (credentials/shared.ts). Kept in a credential so that n8n stores it
 * encrypted and never copies it into a workflow or an execution's data, as it would a node parameter.
 */
export class BandwidthWebRtcCallbackApi implements ICredentialType {
	name = 'bandwidthWebRtcCallbackApi';

	displayName = 'Bandwidth WebRTC Callback API';

	icon: Icon = { light: 'file:../icons/bandwidth.svg', dark: 'file:../icons/bandwidth.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bandwidth-webrtc/n8n-nodes-bandwidth-webrtc#readme';

	properties: INodeProperties[] = [
		{
			displayName:
				'Bandwidth does not sign its participant callbacks. The Bandwidth WebRTC Trigger accepts only callbacks that carry this secret: add "?secret=" and the secret to the end of the Callback URL you give Bandwidth (URL-encode anything other than letters and digits), or send it in an X-Webhook-Secret header. Use at least 24 random letters and digits: the credential\'s test checks that.',
			name: 'callbackNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The value callbacks must carry. Requests without it are refused with 401, with a wrong one 403.',
		},
	];
}
