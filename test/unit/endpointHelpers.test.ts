// Pure BRTC helpers: the list cursor, the Connect BXML, the BRTC error text.
import { buildConnectBxml, listEndpointsPath, nextCursor, unwrapEnvelope } from '../../nodes/BandwidthWebRtc/helpers/endpointRequest';
import { brtcAccountUrl, brtcErrorText, isTooManyEndpoints } from '../../nodes/BandwidthWebRtc/transport/brtc';

describe('BRTC helpers', () => {
	it('reads afterCursor from the next link only', () => {
		const links = (rel: string, href: string) => ({ links: [{ rel: 'self', href: 'https://x/endpoints?limit=2' }, { rel, href }] });
		expect(nextCursor(links('next', 'https://api.bandwidth.com/v2/accounts/1/endpoints?limit=2&afterCursor=TWF5IHRoZQ%3D%3D'))).toBe('TWF5IHRoZQ==');
		expect(nextCursor(links('next', '/v2/accounts/1/endpoints?afterCursor=abc'))).toBe('abc');
		expect(nextCursor(links('prev', 'https://x/endpoints?afterCursor=abc'))).toBeUndefined();
		expect(nextCursor(links('next', 'https://x/endpoints?limit=2'))).toBeUndefined();
		expect(nextCursor({ links: 'nope' })).toBeUndefined();
		expect(nextCursor(undefined)).toBeUndefined();
	});

	it('builds the list query with the API\'s names, encoding the cursor', () => {
		expect(listEndpointsPath({ type: 'WEBRTC', status: 'CONNECTED' }, 1000, 'a+b/c=')).toBe(
			'/endpoints?type=WEBRTC&status=CONNECTED&limit=1000&afterCursor=a%2Bb%2Fc%3D',
		);
		expect(listEndpointsPath({}, 5)).toBe('/endpoints?limit=5');
	});

	it('escapes what goes into the Connect BXML', () => {
		expect(buildConnectBxml('e-1<x>', { eventFallbackUrl: 'https://x/?a="1"&b=2' })).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Connect eventFallbackUrl="https://x/?a=&quot;1&quot;&amp;b=2"><Endpoint>e-1&lt;x&gt;</Endpoint></Connect></Response>',
		);
	});

	it('unwraps the envelope and reads BRTC errors', () => {
		expect(unwrapEnvelope({ links: [], data: { endpointId: 'e-1' }, errors: [] })).toEqual({ endpointId: 'e-1' });
		const body = { links: [], data: null, errors: [{ type: 'too_many_endpoints', description: 'Too many endpoints.' }, { type: 'other' }] };
		expect(brtcErrorText(body)).toBe('Too many endpoints. (too_many_endpoints); other');
		expect(isTooManyEndpoints(body)).toBe(true);
		expect(brtcErrorText({ error: 'v1 shape', requestId: 'r' })).toBeUndefined();
		expect(isTooManyEndpoints({ errors: [{ type: 'too_many_requests' }] })).toBe(false);
	});

	it('builds the BRTC account URL as v1 does: trimmed, trailing slashes dropped, default host', () => {
		expect(brtcAccountUrl('  http://127.0.0.1:1/v2//  ', ' 99 ')).toBe('http://127.0.0.1:1/v2/accounts/99');
		expect(brtcAccountUrl('', '99')).toBe('https://api.bandwidth.com/v2/accounts/99');
	});
});
