// The shared-secret check: none configured, missing, wrong, right, in any of the places it may come.
import { CALLBACK_SECRET_HEADER, CALLBACK_SECRET_QUERY_PARAMETER } from '../../credentials/shared';
import { checkSecret } from '../../nodes/BandwidthWebRtcTrigger/helpers/secret';

describe('checkSecret', () => {
	it('names the query parameter and the header', () => {
		expect(CALLBACK_SECRET_QUERY_PARAMETER).toBe('secret');
		expect(CALLBACK_SECRET_HEADER).toBe('x-webhook-secret');
	});

	it('lets nothing through when no secret is configured (empty, absent or not a string)', () => {
		for (const expected of ['', undefined, null, 42, {}]) {
			expect(checkSecret(expected, [])).toBe('unconfigured');
			expect(checkSecret(expected, ['anything', undefined])).toBe('unconfigured');
			expect(checkSecret(expected, ['', ''])).toBe('unconfigured');
		}
	});

	it('reports a missing secret', () => {
		expect(checkSecret('s3cret', [])).toBe('missing');
		expect(checkSecret('s3cret', [undefined, undefined])).toBe('missing');
		expect(checkSecret('s3cret', ['', []])).toBe('missing');
		expect(checkSecret('s3cret', [42, { secret: 's3cret' }])).toBe('missing');
	});

	it('reports a wrong secret, whatever its length', () => {
		for (const wrong of ['s3creT', 's3cre', 's3cret ', 's3crets', ' s3cret', 'x'.repeat(10_000)]) {
			expect(checkSecret('s3cret', [wrong, undefined])).toBe('wrong');
		}
	});

	it('accepts the right secret from the header or the query', () => {
		expect(checkSecret('s3cret', ['s3cret', undefined])).toBe('ok');
		expect(checkSecret('s3cret', [undefined, 's3cret'])).toBe('ok');
		expect(checkSecret('s3cret', [undefined, ['s3cret']])).toBe('ok');
	});

	it('compares exactly one value: several, even with the right one among them, are refused', () => {
		expect(checkSecret('s3cret', [undefined, ['nope', 's3cret']])).toBe('wrong');
		expect(checkSecret('s3cret', [undefined, ['s3cret', 's3cret']])).toBe('wrong');
		expect(checkSecret('s3cret', ['nope', 's3cret'])).toBe('wrong');
		expect(checkSecret('s3cret', ['s3cret', 's3cret'])).toBe('wrong');
	});

	it('compares unicode exactly', () => {
		expect(checkSecret('päss wörd', ['päss wörd'])).toBe('ok');
		expect(checkSecret('päss wörd', ['pass word'])).toBe('wrong');
	});
});
