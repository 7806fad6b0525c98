// Control endpoints for BRTC under /__sim/brtc/ (no auth, not logged, never faulted):
//   POST /__sim/brtc/endpoints/{id}/events  {event, shape?, deviceId?}  → the delivery
//   POST /__sim/brtc/clock                  {advanceSeconds}
//   POST /__sim/brtc/max-endpoints          {maxEndpoints}
//   POST /__sim/brtc/endpoints/{id}/age     {seconds}  → the endpoint as if created that much earlier
import type { SimRequest, SimResponse } from '../http';
import { isPlainObject, jsonResponse } from '../http';
import type { BrtcEndpoints } from './endpoints';
import { BRTC_EVENTS } from './endpoints';
import type { BrtcEventName } from './types';

export const BRTC_CONTROL_PREFIX = '/__sim/brtc/';

const bad = (status: number, error: string): SimResponse => jsonResponse(status, { error });

export async function handleBrtcControl(brtc: BrtcEndpoints, req: SimRequest): Promise<SimResponse> {
	const body: Record<string, unknown> = isPlainObject(req.json) ? req.json : {};
	if (req.method === 'POST' && req.pathname === '/__sim/brtc/clock') {
		const { advanceSeconds } = body;
		if (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds) || advanceSeconds < 0) {
			return bad(400, 'advanceSeconds must be a number >= 0');
		}
		brtc.advanceClock(advanceSeconds);
		return jsonResponse(200, { ok: true });
	}
	if (req.method === 'POST' && req.pathname === '/__sim/brtc/max-endpoints') {
		const { maxEndpoints } = body;
		if (typeof maxEndpoints !== 'number' || !Number.isInteger(maxEndpoints) || maxEndpoints < 0) {
			return bad(400, 'maxEndpoints must be an integer >= 0');
		}
		brtc.setMaxEndpoints(maxEndpoints);
		return jsonResponse(200, { ok: true });
	}
	const aged = /^\/__sim\/brtc\/endpoints\/([^/]+)\/age$/.exec(req.pathname);
	if (aged && req.method === 'POST') {
		const endpointId = decodeURIComponent(aged[1]);
		const { seconds } = body;
		if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return bad(400, 'seconds must be a number >= 0');
		if (!brtc.backdate(endpointId, seconds)) return bad(404, `Endpoint ${endpointId} not found`);
		return jsonResponse(200, { ok: true });
	}
	const match = /^\/__sim\/brtc\/endpoints\/([^/]+)\/events$/.exec(req.pathname);
	if (match && req.method === 'POST') {
		const endpointId = decodeURIComponent(match[1]);
		if (!brtc.endpoints.has(endpointId)) return bad(404, `Endpoint ${endpointId} not found`);
		if (typeof body.event !== 'string' || !(BRTC_EVENTS as readonly string[]).includes(body.event)) {
			return bad(400, `event must be one of ${BRTC_EVENTS.join(', ')}`);
		}
		const shape = body.shape === 'spec' ? 'spec' : 'docs';
		try {
			const delivery = await brtc.sendEvent(endpointId, body.event as BrtcEventName, {
				shape,
				...(typeof body.deviceId === 'string' && { deviceId: body.deviceId }),
			});
			return jsonResponse(200, delivery);
		} catch (err) {
			return bad(400, err instanceof Error ? err.message : String(err));
		}
	}
	return bad(404, `No control endpoint ${req.method} ${req.pathname}`);
}
