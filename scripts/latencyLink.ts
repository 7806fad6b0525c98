import { execFileSync } from 'child_process';
import { mkdtempSync } from 'fs';
import https from 'https';
import net from 'net';
import os from 'os';
import path from 'path';

/**
 * The benchmark's realistic link, shared by the engine's comparison (bench-link.ts) and the one in
 * the n8n app (bench-app.ts): a throwaway certificate for the simulator's HTTPS, a latency proxy
 * on 127.0.0.1 between the client and the simulator, and the simulator's control routes over HTTPS.
 */

/** A self-signed certificate for 127.0.0.1, made with openssl, in a folder removed after the run. */
export function makeCertificate(): { dir: string; key: string; cert: string } {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bw-bench-tls-'));
	const key = path.join(dir, 'key.pem');
	const cert = path.join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		[
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
			'-addext', 'subjectAltName=IP:127.0.0.1',
		],
		{ stdio: 'ignore' },
	);
	return { dir, key, cert };
}

export interface ProxyStats {
	opened: number;
	peak: number;
	/**
	 * The most connections at once whose answer the server had not yet ended: n8n sends one
	 * request per connection, so an upper bound on the requests in flight, handshakes included.
	 * On a busy machine the server may end a connection a moment after the client has its answer
	 * and has sent the next request, so this can pass the client's own limit by one or two. (The
	 * proxy cannot see the answer itself: it is encrypted.)
	 */
	peakRequests: number;
}

export interface LatencyProxy {
	port: number;
	stats(): ProxyStats;
	reset(): void;
	close(): void;
}

/**
 * A TCP proxy that holds each chunk for half a round trip in each direction, in order. A new
 * connection's first bytes also wait one round trip, the TCP handshake a real client pays
 * before it may send (the client reaches this proxy at once, on loopback).
 */
export async function startLatencyProxy(targetPort: number, rttMs: number): Promise<LatencyProxy> {
	const half = rttMs / 2;
	let open = 0;
	let peak = 0;
	let opened = 0;
	let requests = 0;
	let peakRequests = 0;
	const sockets = new Set<net.Socket>();

	function relay(from: net.Socket, to: net.Socket, notBefore: number): void {
		const queue: Array<{ due: number; chunk: Buffer | null }> = [];
		let timer: NodeJS.Timeout | undefined;
		const flush = (): void => {
			timer = undefined;
			const now = Date.now();
			while (queue.length > 0 && queue[0].due <= now) {
				const { chunk } = queue.shift()!;
				if (to.destroyed) continue;
				if (chunk === null) to.end();
				else to.write(chunk);
			}
			if (queue.length > 0) timer = setTimeout(flush, queue[0].due - now);
		};
		const push = (chunk: Buffer | null): void => {
			const due = Math.max(Date.now(), notBefore) + half;
			queue.push({ due, chunk });
			if (timer === undefined) timer = setTimeout(flush, Math.max(0, queue[0].due - Date.now()));
		};
		from.on('data', (chunk: Buffer) => push(chunk));
		from.on('end', () => push(null));
		from.on('close', () => {
			// A reset (not a clean end) travels too, half a round trip later.
			if (!from.readableEnded) setTimeout(() => to.destroy(), half);
		});
	}

	const server = net.createServer({ allowHalfOpen: true }, (client) => {
		opened++;
		open++;
		peak = Math.max(peak, open);
		sockets.add(client);
		const upstream = net.connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
		sockets.add(upstream);
		requests++;
		peakRequests = Math.max(peakRequests, requests);
		let answered = false;
		const answerEnded = () => {
			if (answered) return;
			answered = true;
			requests--;
		};
		upstream.once('end', answerEnded);
		upstream.once('close', answerEnded);
		client.setNoDelay(true);
		upstream.setNoDelay(true);
		relay(client, upstream, Date.now() + rttMs);
		relay(upstream, client, 0);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
		client.once('close', () => {
			open--;
			sockets.delete(client);
		});
		upstream.once('close', () => sockets.delete(upstream));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		stats: () => ({ opened, peak, peakRequests }),
		reset: () => {
			opened = 0;
			peak = open;
			peakRequests = requests;
		},
		close: () => {
			server.close();
			for (const socket of sockets) socket.destroy();
		},
	};
}

/**
 * One request to the HTTPS simulator's control routes (`/__sim/<what>`), straight to it (not
 * through the proxy), on its own connection. `ca`: the run's certificate, for a process that does
 * not trust it through NODE_EXTRA_CA_CERTS.
 */
export function simControl(simUrl: string, what: string, body?: unknown, ca?: string): Promise<Record<string, unknown>> {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	const method = payload === undefined && (what === 'state' || what === 'requests') ? 'GET' : 'POST';
	return new Promise((resolve, reject) => {
		const request = https.request(`${simUrl}/__sim/${what}`, { method, agent: false, ca, headers: { 'content-type': 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				if ((response.statusCode ?? 500) >= 300) reject(new Error(`${method} /__sim/${what} answered ${response.statusCode}: ${text.slice(0, 300)}`));
				else resolve(JSON.parse(text) as Record<string, unknown>);
			});
		});
		request.on('error', reject);
		request.end(payload);
	});
}
