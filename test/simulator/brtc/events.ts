// BRTC webhooks: posted to the endpoint's eventCallbackUrl, and to its eventFallbackUrl when the
// first answers anything but 2xx or cannot be reached (Bandwidth's webhook page says so).
import { postJson } from '../events';
import type { BrtcEndpoint, BrtcEventAttempt, BrtcEventDelivery } from './types';

export async function deliverEndpointEvent(
	endpoint: BrtcEndpoint,
	payload: Record<string, unknown>,
	headers?: Record<string, string>,
): Promise<BrtcEventDelivery> {
	const attempts: BrtcEventAttempt[] = [];
	for (const url of [endpoint.eventCallbackUrl, endpoint.eventFallbackUrl]) {
		if (url === undefined) continue;
		try {
			const { status, body } = await postJson(url, payload, { headers, timeoutMs: 10_000 });
			attempts.push({ url, status, body });
			if (status >= 200 && status < 300) return { payload, attempts, delivered: true };
		} catch (err) {
			attempts.push({ url, status: 0, body: '', error: err instanceof Error ? err.message : String(err) });
		}
	}
	return { payload, attempts, delivered: false };
}
