export const WEBRTC_SIP_URI = 'sip:sipx.webrtc.bandwidth.com:5060';

/**
 * Bandwidth Voice API BXML that transfers a phone call into the participant's WebRTC session.
 * With the Voice call ID, the call ID (without its "c-" prefix and dashes) goes first in the
 * UUI, as Bandwidth's samples do.
 */
export function buildTransferBxml(token: string, voiceCallId?: string): string {
	const uui = voiceCallId
		? `${voiceCallId.replace(/^c-/, '').replace(/-/g, '')};encoding=base64,${token};encoding=jwt`
		: `${token};encoding=jwt`;
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		`<Response><Transfer><SipUri uui="${escapeXmlAttribute(uui)}">${WEBRTC_SIP_URI}</SipUri></Transfer></Response>`
	);
}

function escapeXmlAttribute(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
}
