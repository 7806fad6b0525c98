// Runs the simulator as its own process:
//   node -r ts-node/register/transpile-only test/simulator/cli.ts [--port N]
// Prints one JSON line ({url, baseUrl, brtcBaseUrl, tokenUrl, accountId}) on stdout once it listens.
import { startSimulator } from './index';

function portFromArgs(argv: string[]): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--port') return argv[i + 1];
		if (argv[i].startsWith('--port=')) return argv[i].slice('--port='.length);
	}
	return undefined;
}

async function main(): Promise<void> {
	const rawPort = portFromArgs(process.argv.slice(2)) ?? process.env.SIMULATOR_PORT ?? '0';
	const port = Number(rawPort);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${rawPort}`);

	const env = process.env;
	const sim = await startSimulator({
		port,
		accountId: env.SIMULATOR_ACCOUNT_ID || undefined,
		username: env.SIMULATOR_USERNAME || undefined,
		password: env.SIMULATOR_PASSWORD || undefined,
		clientId: env.SIMULATOR_CLIENT_ID || undefined,
		clientSecret: env.SIMULATOR_CLIENT_SECRET || undefined,
	});
	process.stdout.write(`${JSON.stringify({ url: sim.url, baseUrl: sim.baseUrl, brtcBaseUrl: sim.brtcBaseUrl, tokenUrl: sim.tokenUrl, accountId: sim.accountId })}\n`);

	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
