// The pure checks behind the trigger: body reading, timestamps, event validation.
import {
	isParticipantEventName,
	parseParticipantEvent,
	parseTimestamp,
	PARTICIPANT_EVENTS,
	readJsonObject,
} from '../../nodes/BandwidthWebRtcTrigger/helpers/payload';

const sample = {
	event: 'onConnect',
	timestamp: '1612345678901',
	participantId: '320e2af6-13ec-498d-8b51-daba52c37853',
	deviceId: 'b2fb3d1e-ecf5-4c7c-8b8a-9d0f5a3f1c2e',
	tag: 'room-42',
};

describe('readJsonObject', () => {
	it('takes the object n8n already parsed', () => {
		expect(readJsonObject({ a: 1 }, Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
	});

	it('parses the raw bytes when n8n left the body unparsed (no or another content type)', () => {
		expect(readJsonObject(undefined, Buffer.from(JSON.stringify(sample)))).toEqual({ ok: true, value: sample });
		expect(readJsonObject({}, Buffer.from('{"b":2}'))).toEqual({ ok: true, value: { b: 2 } });
	});

	it('parses a text body', () => {
		expect(readJsonObject('{"c":3}')).toEqual({ ok: true, value: { c: 3 } });
	});

	it.each([
		['not JSON', 'event=onConnect', 'The body is not valid JSON'],
		['truncated JSON', '{"event":"onConnect"', 'The body is not valid JSON'],
		['an array', '[{"event":"onConnect"}]', 'The body is not a JSON object'],
		['a number', '42', 'The body is not a JSON object'],
		['a string', '"onConnect"', 'The body is not a JSON object'],
		['null', 'null', 'The body is not a JSON object'],
	])('refuses %s', (_name, raw, error) => {
		expect(readJsonObject(undefined, Buffer.from(raw))).toEqual({ ok: false, error });
		expect(readJsonObject(raw)).toEqual({ ok: false, error });
	});

	it('refuses an empty or missing body', () => {
		expect(readJsonObject(undefined, Buffer.alloc(0))).toEqual({ ok: false, error: 'The body is empty' });
		expect(readJsonObject(undefined)).toEqual({ ok: false, error: 'The body is empty' });
		expect(readJsonObject('  ')).toEqual({ ok: false, error: 'The body is empty' });
	});

	it('refuses a parsed body that is not an object', () => {
		expect(readJsonObject([1, 2])).toEqual({ ok: false, error: 'The body is not a JSON object' });
		expect(readJsonObject(7)).toEqual({ ok: false, error: 'The body is not a JSON object' });
	});

	it('passes an empty object on, for the field checks to refuse', () => {
		expect(readJsonObject({}, Buffer.alloc(0))).toEqual({ ok: true, value: {} });
	});
});

describe('parseTimestamp', () => {
	it.each([
		[1612345678901, 1612345678901],
		[0, 0],
		['1612345678901', 1612345678901],
		[' 1612345678901 ', 1612345678901],
		['1612345678901.5', 1612345678901.5],
		['2021-02-03T09:41:18.901Z', 1612345278901],
		['2021-02-03T10:41:18.901+01:00', 1612345278901],
		['2021-02-03', Date.UTC(2021, 1, 3)],
	])('reads %p as %p', (value, expected) => {
		expect(parseTimestamp(value)).toBe(expected);
	});

	it.each([undefined, null, '', '  ', 'soon', 'March 7', '12abc', '0x10', NaN, Infinity, true, {}, [], '2021-13-45T99:99:99Z'])(
		'refuses %p',
		(value) => {
			expect(parseTimestamp(value)).toBeUndefined();
		},
	);
});

describe('isParticipantEventName', () => {
	it('knows exactly Bandwidth\'s three events', () => {
		expect(PARTICIPANT_EVENTS).toEqual(['onConnect', 'onLeave', 'onDisconnect']);
		for (const event of PARTICIPANT_EVENTS) expect(isParticipantEventName(event)).toBe(true);
		for (const other of ['onconnect', 'onJoin', '', 1, null]) expect(isParticipantEventName(other)).toBe(false);
	});
});

describe('parseParticipantEvent', () => {
	it('turns the string timestamp into milliseconds and keeps every other field as sent', () => {
		const result = parseParticipantEvent({ ...sample, extra: { nested: true } });
		expect(result).toEqual({ ok: true, value: { ...sample, timestamp: 1612345678901, extra: { nested: true } } });
	});

	it('keeps a numeric timestamp and works without tag or deviceId', () => {
		const result = parseParticipantEvent({ event: 'onLeave', timestamp: 5, participantId: 'p1' });
		expect(result).toEqual({ ok: true, value: { event: 'onLeave', timestamp: 5, participantId: 'p1' } });
	});

	it('does not change the object it was given', () => {
		const payload = { ...sample };
		parseParticipantEvent(payload);
		expect(payload).toEqual(sample);
	});

	it.each([
		['no event', { ...sample, event: undefined }, '"event" is missing'],
		['an empty event', { ...sample, event: '' }, '"event" is missing'],
		['an unknown event', { ...sample, event: 'onJoin' }, '"event" must be one of onConnect, onLeave, onDisconnect'],
		['a non-string event', { ...sample, event: 3 }, '"event" must be one of onConnect, onLeave, onDisconnect'],
		['no participantId', { ...sample, participantId: undefined }, '"participantId" is missing'],
		['a blank participantId', { ...sample, participantId: ' ' }, '"participantId" is missing'],
		['a numeric participantId', { ...sample, participantId: 7 }, '"participantId" is missing'],
		['no timestamp', { ...sample, timestamp: undefined }, '"timestamp" must be milliseconds since the epoch or an ISO 8601 date'],
		['a bad timestamp', { ...sample, timestamp: 'yesterday' }, '"timestamp" must be milliseconds since the epoch or an ISO 8601 date'],
	])('refuses %s', (_name, payload, error) => {
		expect(parseParticipantEvent(payload as never)).toEqual({ ok: false, error });
	});
});
