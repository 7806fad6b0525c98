// scripts/scan.js (npm run scan): n8n's community-package gate as CI runs it. The last three tests
// run the script itself, and with it the real scanner (@n8n/scan-community-package's
// analyzePackage, then `npm pack`), on a small package with planted findings: the step must fail
// on a finding nobody explained and on an exception nothing reports, and pass only when the two
// sets are equal.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type Finding = { leg: string; file: string; rule: string; line?: number; column?: number; severity?: string; message?: string };
type Exception = { leg: string; file: string; rule: string; reason: string };

const { compare, parseStylish, readExceptions, EXCEPTIONS_FILE } = require('../../scripts/scan') as {
	compare: (findings: Finding[], exceptions: Exception[]) => { unexplained: Finding[]; stale: Exception[] };
	parseStylish: (details: string, packageDir: string) => Finding[];
	readExceptions: (file: string) => Exception[];
	EXCEPTIONS_FILE: string;
};

const SCAN = path.resolve(__dirname, '..', '..', 'scripts', 'scan.js');

// ESLint's stylish report, as analyzePackage returned it for this repository before the fixes.
const STYLISH = `
/repo/nodes/BandwidthWebRtc/BandwidthWebRtc.node.ts
  27:12  error  Use NodeConnectionTypes.Main from "n8n-workflow" instead of the string literal "main" in "inputs"   @n8n/community-nodes/node-connection-type-literal
  28:13  error  Use NodeConnectionTypes.Main from "n8n-workflow" instead of the string literal "main" in "outputs"  @n8n/community-nodes/node-connection-type-literal

/repo/package.json
  13:3  error  The "author" field must include a non-empty email  @n8n/community-nodes/valid-author

✖ 3 problems (3 errors, 0 warnings)
  2 errors and 0 warnings potentially fixable with the \`--fix\` option.
`;

describe('reading the scanner report', () => {
	it('reads each problem with its file (relative to the package), position, severity and rule', () => {
		expect(parseStylish(STYLISH, '/repo')).toEqual([
			{
				file: 'nodes/BandwidthWebRtc/BandwidthWebRtc.node.ts',
				line: 27,
				column: 12,
				severity: 'error',
				message: 'Use NodeConnectionTypes.Main from "n8n-workflow" instead of the string literal "main" in "inputs"',
				rule: '@n8n/community-nodes/node-connection-type-literal',
			},
			{
				file: 'nodes/BandwidthWebRtc/BandwidthWebRtc.node.ts',
				line: 28,
				column: 13,
				severity: 'error',
				message: 'Use NodeConnectionTypes.Main from "n8n-workflow" instead of the string literal "main" in "outputs"',
				rule: '@n8n/community-nodes/node-connection-type-literal',
			},
			{
				file: 'package.json',
				line: 13,
				column: 3,
				severity: 'error',
				message: 'The "author" field must include a non-empty email',
				rule: '@n8n/community-nodes/valid-author',
			},
		]);
	});

	it('refuses a report whose problems it cannot all read', () => {
		const garbled = STYLISH.replace('  13:3  error', '  13:3  eror');
		expect(() => parseStylish(garbled, '/repo')).toThrow(/could not read the scanner's report \(2 problems read, summary ✖ 3 problems/);
	});
});

describe('comparing findings with the exceptions', () => {
	const finding = (file: string, rule: string): Finding => ({ leg: 'source', file, rule, line: 1, column: 1 });
	const exception = (file: string, rule: string): Exception => ({ leg: 'source', file, rule, reason: 'why' });

	it('is clean when each finding has its exception, whatever the line', () => {
		expect(compare([finding('a.ts', 'r1'), finding('b.ts', 'r2')], [exception('b.ts', 'r2'), exception('a.ts', 'r1')])).toEqual({
			unexplained: [],
			stale: [],
		});
	});

	it('counts repeats: a rule reported twice in a file needs two entries', () => {
		const { unexplained, stale } = compare([finding('a.ts', 'r1'), finding('a.ts', 'r1')], [exception('a.ts', 'r1')]);
		expect(unexplained).toEqual([finding('a.ts', 'r1')]);
		expect(stale).toEqual([]);
	});

	it('tells the leg apart: an exception for the source does not cover the tarball', () => {
		const { unexplained, stale } = compare([{ ...finding('package.json', 'r1'), leg: 'tarball' }], [exception('package.json', 'r1')]);
		expect(unexplained.map((f) => f.leg)).toEqual(['tarball']);
		expect(stale.map((e) => e.leg)).toEqual(['source']);
	});
});

describe("the repository's exceptions file", () => {
	it('gives each entry a leg, a file that exists, a rule and a reason', () => {
		const entries = readExceptions(EXCEPTIONS_FILE);
		expect(entries.length).toBeGreaterThan(0);
		for (const entry of entries) {
			expect(entry.reason.length).toBeGreaterThan(40);
			if (entry.leg === 'source') expect(fs.existsSync(path.resolve(__dirname, '..', '..', entry.file))).toBe(true);
		}
	});
});

describe('npm run scan on a package with planted findings (the real scanner)', () => {
	let dir: string;
	let packageDir: string;
	const planted: Exception[] = [
		{ leg: 'source', file: 'nodes/Fixture/later.ts', rule: '@n8n/community-nodes/no-restricted-globals', reason: 'planted: setTimeout' },
		{ leg: 'source', file: 'package.json', rule: '@n8n/community-nodes/valid-author', reason: 'planted: no author email' },
		{ leg: 'tarball', file: 'dist/nodes/Fixture/later.js', rule: '@n8n/community-nodes/no-restricted-globals', reason: 'planted: setTimeout' },
		{ leg: 'tarball', file: 'package.json', rule: '@n8n/community-nodes/valid-author', reason: 'planted: no author email' },
	];

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bw-webrtc-scan-test-'));
		packageDir = path.join(dir, 'package');
		const write = (file: string, text: string) => {
			fs.mkdirSync(path.dirname(path.join(packageDir, file)), { recursive: true });
			fs.writeFileSync(path.join(packageDir, file), text);
		};
		// Clean except for what is planted: an author without an email, and setTimeout in the
		// source and in the shipped JavaScript.
		write(
			'package.json',
			JSON.stringify(
				{
					name: 'n8n-nodes-scan-fixture',
					version: '1.0.0',
					description: 'A package the scan tests plant findings in',
					keywords: ['n8n-community-node-package'],
					license: 'MIT',
					homepage: 'https://github.com/example/n8n-nodes-scan-fixture',
					author: { name: 'Fixture' },
					repository: { type: 'git', url: 'https://github.com/example/n8n-nodes-scan-fixture.git' },
					main: 'index.js',
					files: ['dist'],
					n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/nodes/Fixture/later.js'] },
					peerDependencies: { 'n8n-workflow': '*' },
				},
				null,
				2,
			),
		);
		write('nodes/Fixture/later.ts', 'export function later(run: () => void): void {\n\tsetTimeout(run, 10);\n}\n');
		write('dist/nodes/Fixture/later.js', "'use strict';\nexports.later = (run) => setTimeout(run, 10);\n");
	});

	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	function runScan(exceptions: object[]) {
		const exceptionsFile = path.join(dir, 'exceptions.json');
		fs.writeFileSync(exceptionsFile, JSON.stringify(exceptions));
		const result = spawnSync(process.execPath, [SCAN, '--package-dir', packageDir, '--exceptions', exceptionsFile], {
			encoding: 'utf8',
			timeout: 180_000,
		});
		return { status: result.status, stdout: result.stdout, stderr: result.stderr };
	}

	/** The lines listed under the heading that matches, up to the next blank line. */
	const listed = (text: string, heading: RegExp) => {
		const lines = text.split('\n');
		const start = lines.findIndex((line) => heading.test(line));
		if (start === -1) return [];
		const rest = lines.slice(start + 1);
		const end = rest.findIndex((line) => line.trim() === '');
		return (end === -1 ? rest : rest.slice(0, end)).map((line) => line.trim());
	};

	it('fails, naming each finding of both legs, when nothing explains them', () => {
		const { status, stdout, stderr } = runScan([]);
		expect(status).toBe(1);
		expect(stdout).toMatch(/The scanner reports 4 error\(s\)/);
		expect(listed(stderr, /^Not in /)).toEqual(planted.map((e) => `${e.leg}  ${e.file}  ${e.rule}`));
		expect(stderr).not.toMatch(/no longer reported/);
	}, 200_000);

	it('fails on an exception that is no longer reported, even when every finding is explained', () => {
		const stale = { leg: 'source', file: 'nodes/Fixture/later.ts', rule: '@n8n/community-nodes/no-console', reason: 'gone' };
		const { status, stderr } = runScan([...planted, stale]);
		expect(status).toBe(1);
		expect(listed(stderr, /no longer reported/)).toEqual(['source  nodes/Fixture/later.ts  @n8n/community-nodes/no-console']);
		expect(stderr).not.toMatch(/^Not in /m);
	}, 200_000);

	it('passes when the reported set equals the exceptions', () => {
		const { status, stdout, stderr } = runScan(planted);
		expect(stderr).toBe('');
		expect(status).toBe(0);
		expect(stdout).toMatch(/OK: the reported set equals .*exceptions\.json \(4 exception\(s\)/);
	}, 200_000);

	it('refuses an entry without a reason before linting anything', () => {
		const { status, stdout, stderr } = runScan([{ ...planted[0], reason: ' ' }]);
		expect(status).toBe(1);
		expect(stderr).toMatch(/every entry needs a non-empty "reason"/);
		expect(stdout).not.toMatch(/The scanner reports/);
	});
});
