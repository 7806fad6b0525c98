// The package n8n installs: `npm run build` (clean, as a release does) writes dist/, then
// - the icons: every node and credential package.json lists is loaded from dist/ as n8n loads it
//   (the class named after the file), and each `file:` icon path is resolved against the compiled
//   file's folder, as n8n does. The file must be there, inside dist/ (the package ships only "dist");
// - the description n8n's editor reads when it lazy-loads the package (dist/types/nodes.json,
//   written by n8n-generate-metadata): its Request Options defaults are the transport's own.
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { Icon, ICredentialType, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsField } from '../../nodes/BandwidthWebRtc/descriptions/requestOptions';
import { DEFAULT_POLICY } from '../../nodes/BandwidthWebRtc/transport';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	files: string[];
	n8n: { nodes: string[]; credentials: string[] };
};

/** Every `file:` path of an icon, light and dark. */
function fileIcons(icon: Icon | undefined): string[] {
	if (icon === undefined) return [];
	const paths = typeof icon === 'string' ? [icon] : [icon.light, icon.dark];
	return paths.filter((p) => p.startsWith('file:')).map((p) => p.slice('file:'.length));
}

/** The class n8n takes from a compiled file: the export named as the file, up to its first dot. */
function load(file: string): unknown {
	const className = path.basename(file).split('.')[0];
	const exported = (require(path.join(root, file)) as Record<string, new () => unknown>)[className];
	expect(exported).toBeInstanceOf(Function);
	return new exported();
}

beforeAll(() => {
	fs.rmSync(dist, { recursive: true, force: true });
	execSync('npm run -s build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}, 120_000);

describe('icons in the built package', () => {
	const listed = [
		...pkg.n8n.nodes.map((file) => ({ file, icon: () => (load(file) as INodeType).description.icon as Icon | undefined })),
		...pkg.n8n.credentials.map((file) => ({ file, icon: () => (load(file) as ICredentialType).icon })),
	];

	it('lists nodes and credentials, all in dist/, which the package ships', () => {
		expect(pkg.n8n.nodes.length).toBeGreaterThan(0);
		expect(pkg.n8n.credentials.length).toBeGreaterThan(0);
		expect(pkg.files).toContain('dist');
		for (const { file } of listed) expect(file.startsWith('dist/')).toBe(true);
	});

	it.each(listed.map(({ file, icon }) => [file, icon] as const))('%s: a light and a dark icon file where its file: paths point', (file, icon) => {
		const paths = fileIcons(icon());
		expect(paths).toHaveLength(2);
		for (const relative of paths) {
			const resolved = path.resolve(root, path.dirname(file), relative);
			expect(path.relative(dist, resolved).startsWith('..')).toBe(false);
			expect({ file, icon: relative, exists: fs.existsSync(resolved) }).toEqual({ file, icon: relative, exists: true });
		}
	});

	it('keeps one copy of the icons: dist/icons, and none beside the nodes or credentials', () => {
		const svgs = (dir: string): string[] =>
			fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(svg|png)$/.test(name));
		expect(svgs(path.join(dist, 'nodes'))).toEqual([]);
		expect(svgs(path.join(dist, 'credentials'))).toEqual([]);
		expect(svgs(path.join(dist, 'icons')).sort()).toEqual(['bandwidth.dark.svg', 'bandwidth.svg']);
	});
});

describe('the built description (dist/types/nodes.json)', () => {
	it('has the Request Options defaults the transport uses (DEFAULT_POLICY)', () => {
		const types = JSON.parse(fs.readFileSync(path.join(dist, 'types', 'nodes.json'), 'utf8')) as INodeTypeDescription[];
		const node = types.find((type) => type.name === 'bandwidthWebRtc');
		const requestOptions = node?.properties.filter((property) => property.name === 'requestOptions') ?? [];
		expect(requestOptions).toHaveLength(1);
		const defaults = Object.fromEntries((requestOptions[0].options as INodeProperties[]).map((option) => [option.name, option.default]));
		// The source's defaults are DEFAULT_POLICY's (description.test.ts); the build must keep them.
		const source = Object.fromEntries((requestOptionsField.options as INodeProperties[]).map((option) => [option.name, option.default]));
		expect(defaults).toEqual(source);
		expect(defaults.concurrency).toBe(DEFAULT_POLICY.concurrency);
	});
});
