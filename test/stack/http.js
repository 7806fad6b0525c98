'use strict';
// JSON over HTTP for the harness (axios): n8n's REST API with its login cookie, the simulator's
// control routes and the webhooks. No keep-alive, so nothing stays open after a test.
const http = require('http');
const axios = require('axios');

const client = axios.create({
	httpAgent: new http.Agent({ keepAlive: false }),
	proxy: false,
	maxRedirects: 0,
	// The raw text and every status come back as they are: callers look at both.
	responseType: 'text',
	transformResponse: (text) => text,
	validateStatus: () => true,
});

function parseJson(text) {
	try {
		return text ? JSON.parse(text) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A JSON request; resolves {status, headers, text, json}. `auth` is "user:password" (Basic).
 */
async function requestJson(method, url, { body, headers = {}, auth, timeoutMs = 30_000 } = {}) {
	const colon = auth ? auth.indexOf(':') : -1;
	const res = await client.request({
		method,
		url: String(url),
		timeout: timeoutMs,
		...(auth && { auth: { username: auth.slice(0, colon), password: auth.slice(colon + 1) } }),
		headers: {
			accept: 'application/json',
			...(body !== undefined && { 'content-type': 'application/json' }),
			...headers,
		},
		data: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = typeof res.data === 'string' ? res.data : '';
	return { status: res.status, headers: res.headers, text, json: parseJson(text) };
}

/**
 * n8n's REST API as the editor calls it: keeps the `n8n-auth` cookie. (Kept by hand: n8n sets one
 * cookie on one host, too little for a cookie-jar library.)
 */
class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.cookies = new Map();
	}

	get cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	async request(method, urlPath, body, { headers = {}, timeoutMs = 30_000 } = {}) {
		const response = await requestJson(method, new URL(urlPath, `${this.baseUrl}/`), {
			body,
			timeoutMs,
			headers: {
				// n8n's browser-id check on authenticated REST calls
				'browser-id': 'n8n-e2e-browser-id',
				...(this.cookies.size && { cookie: this.cookieHeader }),
				...headers,
			},
		});
		for (const raw of [].concat(response.headers['set-cookie'] ?? [])) {
			const [pair] = raw.split(';');
			const eq = pair.indexOf('=');
			if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		return response;
	}

	/** Like request, but throws unless 2xx; returns the body's `data` when it has one. */
	async call(method, urlPath, body, opts) {
		const res = await this.request(method, urlPath, body, opts);
		if (res.status < 200 || res.status > 299) {
			throw new Error(`${method} ${urlPath} answered ${res.status}: ${res.text.slice(0, 500)}`);
		}
		return res.json && typeof res.json === 'object' && 'data' in res.json ? res.json.data : res.json;
	}
}

module.exports = { requestJson, RestClient };
