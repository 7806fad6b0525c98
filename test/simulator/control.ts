// Control endpoints under /__sim/ (no auth, not logged, never faulted) so that another process
// (the n8n app in `npm run dev`, the e2e suite) can drive the simulator.
import { parseFault } from './faults';
import type { SimRequest, SimResponse } from './http';
import { isPlainObject, jsonResponse } from './http';
import { isParticipantEvent } from './events';
import { BRTC_CONTROL_PREFIX, handleBrtcControl } from './brtc/control';
import type { Simulator } from './simulator';

const ok = (value: unknown = { ok: true }): SimResponse => jsonResponse(200, value);
const bad = (status: number, error: string): SimResponse => jsonResponse(status, { error });

export function createControlHandler(sim: Simulator): (req: SimRequest) => Promise<SimResponse> {
	return async (req) => {
		const { method, pathname } = req;
		if (req.jsonError) return bad(400, 'Request body is not valid JSON');
		if (pathname.startsWith(BRTC_CONTROL_PREFIX)) return await handleBrtcControl(sim.brtc, req);
		const body: Record<string, unknown> = isPlainObject(req.json) ? req.json : {};
		const route = `${method} ${pathname}`;

		switch (route) {
			case 'GET /__sim/state':
				return ok(sim.snapshot());
			case 'GET /__sim/requests':
				return ok(sim.requests);
			case 'POST /__sim/reset':
				sim.reset();
				return ok();
			case 'POST /__sim/faults': {
				const fault = parseFault(body.fault);
				if (typeof fault === 'string') return bad(400, fault);
				const count = body.count ?? 1;
				if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return bad(400, 'count must be an integer >= 1');
				sim.injectFaults(fault, count);
				return ok({ queued: sim.snapshot().counts.faultsQueued });
			}
			case 'DELETE /__sim/faults':
				sim.clearFaults();
				return ok();
			case 'POST /__sim/latency': {
				const { ms } = body;
				if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return bad(400, 'ms must be a number >= 0');
				sim.setLatency(ms);
				return ok();
			}
			case 'POST /__sim/load-shedding': {
				const { maxInFlight } = body;
				if (maxInFlight !== null && (typeof maxInFlight !== 'number' || !Number.isInteger(maxInFlight) || maxInFlight < 0)) {
					return bad(400, 'maxInFlight must be an integer >= 0 or null');
				}
				sim.setLoadShedding(maxInFlight);
				return ok();
			}
			case 'POST /__sim/revoke-tokens':
				sim.revokeAccessTokens();
				return ok();
			case 'POST /__sim/expire-tokens':
				sim.expireAccessTokens();
				return ok();
		}

		// POST /__sim/participants/{id}/events
		const match = /^\/__sim\/participants\/([^/]+)\/events$/.exec(pathname);
		if (match && method === 'POST') {
			let participantId: string;
			try {
				participantId = decodeURIComponent(match[1]);
			} catch {
				return bad(400, 'participant id is not valid URL encoding');
			}
			return sendEvent(sim, participantId, body);
		}
		return bad(404, `No control endpoint ${route}`);
	};
}

async function sendEvent(sim: Simulator, participantId: string, body: Record<string, unknown>): Promise<SimResponse> {
	const participant = sim.participants.get(participantId);
	if (!participant) return bad(404, `Participant ${participantId} not found`);
	if (!participant.callbackUrl) return bad(409, `Participant ${participantId} has no callbackUrl`);
	if (!isParticipantEvent(body.event)) return bad(400, 'event must be onConnect, onLeave or onDisconnect');
	const { deviceId, timestamp } = body;
	try {
		const result = await sim.sendParticipantEvent(participantId, body.event, {
			...(typeof deviceId === 'string' && { deviceId }),
			...((typeof timestamp === 'string' || typeof timestamp === 'number') && { timestamp }),
		});
		return ok(result);
	} catch (err) {
		return bad(502, `Callback failed: ${err instanceof Error ? err.message : String(err)}`);
	}
}
