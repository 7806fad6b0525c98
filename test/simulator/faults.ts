// Injected faults: a FIFO queue that the next API requests take from, one fault per request.
import { randomUUID } from 'crypto';
import type { SimResponse } from './http';
import { isPlainObject, jsonResponse } from './http';
import type { Fault } from './types';

/** A queued "fault" that lets its request through untouched: to let the first N pass before a real fault. */
export const LET_THROUGH: Fault = { kind: 'delay', ms: 0 };

export class FaultQueue {
	// A head index instead of Array.shift keeps taking a fault O(1) for long queues.
	private items: Fault[] = [];
	private head = 0;

	get size(): number {
		return this.items.length - this.head;
	}

	push(fault: Fault, count: number): void {
		for (let i = 0; i < count; i++) this.items.push(fault);
	}

	/** The next fault, or undefined when none is queued (the common, cheap case). */
	take(): Fault | undefined {
		if (this.head >= this.items.length) return undefined;
		const fault = this.items[this.head++];
		if (this.head === this.items.length) this.clear();
		return fault;
	}

	clear(): void {
		this.items = [];
		this.head = 0;
	}
}

/** The answer of a `status` fault; the body defaults to the shape the API uses for that status. */
export function statusFaultResponse(fault: Extract<Fault, { kind: 'status' }>): SimResponse {
	const requestId = randomUUID();
	let body: unknown = fault.body;
	if (body === undefined) {
		if (fault.status === 401) body = { message: 'Unauthorized' };
		else if (fault.status === 403) body = { message: 'Forbidden' };
		else body = { error: 'Injected failure', requestId };
	}
	const response = jsonResponse(fault.status, body, { 'x-amzn-requestid': requestId, ...fault.headers });
	// A string body is sent as it is (e.g. an HTML error page from a proxy).
	if (typeof fault.body === 'string') response.body = fault.body;
	if (fault.status === 204 || fault.status === 304) response.body = '';
	return response;
}

/** An invalid JSON body for the `malformedJson` fault: the real answer cut in half. */
export function malformedBody(realBody: string): string {
	// Our bodies are objects or arrays, so any strict prefix is invalid JSON.
	return realBody.length >= 2 ? realBody.slice(0, Math.floor(realBody.length / 2)) : '{"truncated":';
}

/** Checks a fault that came over HTTP (control endpoint) or from a test. */
export function parseFault(value: unknown): Fault | string {
	if (!isPlainObject(value)) return 'fault must be an object';
	const ms = (): number | undefined => (typeof value.ms === 'number' && value.ms >= 0 && Number.isFinite(value.ms) ? value.ms : undefined);
	switch (value.kind) {
		case 'status': {
			const { status, body, headers } = value;
			if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return 'status must be an HTTP status';
			if (headers !== undefined && !(isPlainObject(headers) && Object.values(headers).every((v) => typeof v === 'string'))) {
				return 'headers must be an object of strings';
			}
			return { kind: 'status', status, ...(body !== undefined && { body }), ...(headers !== undefined && { headers: headers as Record<string, string> }) };
		}
		case 'resetBeforeRead':
		case 'resetAfterApply':
		case 'malformedJson':
			return { kind: value.kind };
		case 'slowBody':
		case 'delay': {
			const delay = ms();
			if (delay === undefined) return `${value.kind} needs ms, a number >= 0`;
			return { kind: value.kind, ms: delay };
		}
		default:
			return `unknown fault kind ${JSON.stringify(value.kind)}`;
	}
}
