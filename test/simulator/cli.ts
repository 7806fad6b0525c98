// Runs the simulator as its own process:
//   node -r ts-node/register/transpile-only test/simulator/cli.ts [--port N] [--tls-key key.pem --tls-cert cert.pem]
// Prints one JSON line ({url, baseUrl, brtcBaseUrl, tokenUrl, accountId}) on stdout once it listens.
// With a key and certificate (PEM files) it serves HTTPS.
import { readFileSync } from 'fs';
import { startSimulator } from './index';

function argValue(argv: string[], name: string): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === name) return argv[i + 1];
		if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
	}
	return undefined;
}

const portFromArgs = (argv: string[]): string | undefined => argValue(argv, '--port');

function tlsFromArgs(argv: string[]): { key: string; cert: string } | undefined {
	const key = argValue(argv, '--tls-key');
	const cert = argValue(argv, '--tls-cert');
	if (key === undefined && cert === undefined) return undefined;
	if (!key || !cert) throw new Error('--tls-key and --tls-cert go together');
	return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
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
		tls: tlsFromArgs(process.argv.slice(2)),
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
