import { BandwidthWebRtcCallbackApi } from '../../credentials/BandwidthWebRtcCallbackApi.credentials';
import { MIN_CALLBACK_SECRET_LENGTH } from '../../credentials/shared';
import { BandwidthWebRtc } from '../../nodes/BandwidthWebRtc/BandwidthWebRtc.node';
import { BandwidthWebRtcTrigger } from '../../nodes/BandwidthWebRtcTrigger/BandwidthWebRtcTrigger.node';
import { stopEngineTimers } from '../harness';
import { runNodeCredentialTest } from '../harness/credentialTest';

/**
 * The Bandwidth WebRTC Callback API credential holds a secret that no Bandwidth endpoint knows, so
 * its test (the nodes' `testedBy`) judges the secret itself, run here as n8n's credential tester
 * runs it: the node's credentialTest method with n8n-core's CredentialTestContext.
 */

const CREDENTIAL = new BandwidthWebRtcCallbackApi().name;
// A secret the way a password generator makes one: 40 letters and digits.
const STRONG = 'k3Vq9ZtB7mW2xR8pL4nY6sJ1cF5hD0gA-e_Tu.o~';

const test = async (secret: unknown, nodes = [new BandwidthWebRtcTrigger(), new BandwidthWebRtc()]) =>
	await runNodeCredentialTest(nodes, CREDENTIAL, secret === undefined ? {} : { secret } as never);

afterAll(() => stopEngineTimers());

describe('the callback credential\'s test', () => {
	it('both nodes that use the credential test it with the same method', async () => {
		for (const node of [new BandwidthWebRtcTrigger(), new BandwidthWebRtc()]) {
			const outcome = await test(STRONG, [node]);
			expect(outcome).toMatchObject({ status: 'OK', testedBy: 'callbackSecretStrength', node: node.description.name });
		}
	});

	it('passes a strong secret and says what it checked, without claiming to have reached Bandwidth', async () => {
		const outcome = await test(STRONG);
		expect(outcome.status).toBe('OK');
		expect(outcome.message).toBe(
			'Secret set, 40 characters (40 different, letters, digits and - . _ ~ only): strong enough. Only the secret itself was checked; Bandwidth does not know it, so nothing was sent',
		);
		expect(outcome.message).not.toContain(STRONG);
	});

	it.each([
		['empty', ''],
		['absent', undefined],
		['not a string', 12345],
	])('fails a secret that is %s', async (_, secret) => {
		const outcome = await test(secret);
		expect(outcome).toMatchObject({
			status: 'Error',
			message: 'No secret set: the trigger refuses every callback until this credential holds one',
		});
	});

	it('fails a short secret, naming the length it needs', async () => {
		const outcome = await test('Zq7secret9pX');
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toBe(
			`The secret has 12 characters: use at least ${MIN_CALLBACK_SECRET_LENGTH} random letters, digits and - . _ ~, for example from a password generator`,
		);
	});

	it('passes a secret of exactly the minimum length and fails one a character shorter', async () => {
		const minimum = STRONG.slice(0, MIN_CALLBACK_SECRET_LENGTH);
		expect((await test(minimum)).status).toBe('OK');
		expect((await test(minimum.slice(1))).status).toBe('Error');
	});

	it.each([
		['a run of one character', 'a'.repeat(40), '1 different one'],
		['two characters repeated', 'ab'.repeat(20), '2 different ones'],
	])('fails a long secret that is %s', async (_, secret, distinct) => {
		const outcome = await test(secret);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toBe(
			`The secret has 40 characters but only ${distinct}: use a random value, for example from a password generator`,
		);
	});

	it.each([
		['a space', `${STRONG} x`, 1],
		['a "+" (a space once URL-decoded) and an "&"', `${STRONG}+&`, 2],
		['a non-ASCII character', `${STRONG}é`, 1],
		['a line break (it would split a header)', `${STRONG}\r\n`, 2],
	])('fails a secret with %s, without repeating it', async (_, secret, count) => {
		const outcome = await test(secret);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(new RegExp(`^The secret holds ${count} characters? other than letters, digits and - \\. _ ~`));
		expect(outcome.message).not.toContain(STRONG);
	});
});
