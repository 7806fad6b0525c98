'use strict';
// The icons as the editor gets them: n8n lists each node and credential type with an iconUrl
// (GET /types/nodes.json, /types/credentials.json) and serves the file behind it. Every node and
// credential of this package (and the AI-tool variant n8n derives from a usableAsTool node) has a
// light and a dark icon there, and each answers with the SVG from the package's icons/ folder.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { ownerClient } = require('../lib/context');
const { PACKAGE_NAME } = require('../../stack/n8n');
const { REPO_ROOT } = require('../../stack/simulator');

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const svg = (name) => fs.readFileSync(path.join(REPO_ROOT, 'icons', name), 'utf8');

for (const kind of ['nodes', 'credentials']) {
	test(`(icons) every ${kind === 'nodes' ? 'node' : 'credential'} type of the package has its light and dark icon served by n8n`, async () => {
		const rest = await ownerClient();
		const res = await rest.request('GET', `/types/${kind}.json`);
		assert.equal(res.status, 200, `/types/${kind}.json: ${res.text.slice(0, 200)}`);
		const ours = res.json.filter((type) => (kind === 'nodes' ? type.name.startsWith(`${PACKAGE_NAME}.`) : type.iconUrl && JSON.stringify(type.iconUrl).includes(PACKAGE_NAME)));
		// n8n adds a `…Tool` node type for a node that is usableAsTool: it has icons too.
		const listed = ours.filter((type) => !(kind === 'nodes' && type.name.endsWith('Tool')));
		assert.equal(listed.length, pkg.n8n[kind].length, `one entry per file in package.json's n8n.${kind}: ${ours.map((t) => t.name).join(', ')}`);
		for (const type of ours) {
			assert.equal(typeof type.iconUrl, 'object', `${type.name} has a light and a dark icon: ${JSON.stringify(type.iconUrl)}`);
			for (const [theme, file] of [['light', 'bandwidth.svg'], ['dark', 'bandwidth.dark.svg']]) {
				const icon = await rest.request('GET', `/${type.iconUrl[theme]}`, undefined, { headers: { accept: 'image/svg+xml' } });
				assert.equal(icon.status, 200, `${type.name} ${theme}: GET /${type.iconUrl[theme]} answered ${icon.status}`);
				assert.match(String(icon.headers['content-type']), /svg/, `${type.name} ${theme}: content type`);
				assert.equal(icon.text, svg(file), `${type.name} ${theme}: the file from icons/`);
			}
		}
	});
}
