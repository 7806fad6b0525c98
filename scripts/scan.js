#!/usr/bin/env node
// npm run scan: n8n's community-package gate, offline. Runs the scanner n8n uses before it
// verifies a package (@n8n/scan-community-package, a pinned devDependency) through its exported
// analyzePackage(dir, patterns), on the same two things its CLI lints:
//   source   this checkout: package.json and {nodes,credentials}/**/*.{js,ts,json}
//            (the scanner's SOURCE_FILE_PATTERNS; n8n lints the commit the provenance names);
//   tarball  the output of `npm pack`, extracted: **/*.js and package.json.
// Run `npm run build` first: the tarball ships dist/.
//
// The scanner's CLI exits 0 even when it prints ❌, so this reads the result instead. Every error
// it reports must be listed in scripts/scan-exceptions.json (leg, file, rule, reason), and every
// entry there must still be reported: the step fails on an unexplained finding and on a stale
// exception alike.
//
// For the tests (test/unit/scan.test.ts), another package and another exceptions file:
//   node scripts/scan.js --package-dir <dir> --exceptions <file.json>
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const EXCEPTIONS_FILE = path.join(root, 'scripts', 'scan-exceptions.json');
// What the scanner's CLI lints in the tarball (analyzePackageByName in scanner.mjs).
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/**
 * analyzePackage returns ESLint's "stylish" report as text. Reads it back into findings:
 * a line naming a file, then "  line:column  error  message  rule" for each problem in it.
 */
function parseStylish(details, packageDir) {
	const findings = [];
	let file = null;
	for (const raw of details.split('\n')) {
		const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
		if (line.startsWith('/')) {
			file = path.relative(packageDir, line.trim()).split(path.sep).join('/');
			continue;
		}
		const problem = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)\s{2,}(\S+)\s*$/.exec(line);
		if (problem && file !== null) {
			const [, row, column, severity, message, rule] = problem;
			findings.push({ file, line: Number(row), column: Number(column), severity, message, rule });
		}
	}
	const summary = /✖ (\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(details);
	if (!summary || Number(summary[1]) !== findings.length) {
		throw new Error(
			`could not read the scanner's report (${findings.length} problems read, summary ${summary ? summary[0] : 'missing'}):\n${details}`,
		);
	}
	return findings;
}

async function analyze(analyzePackage, leg, packageDir, patterns) {
	const result = await analyzePackage(packageDir, patterns);
	if (result.passed) return [];
	if (!result.details) throw new Error(`${leg}: the scanner failed without a report: ${result.message}`);
	// The scanner fails a package on errors; warnings alone pass, and are printed with errors only.
	return parseStylish(result.details, packageDir)
		.filter((finding) => finding.severity === 'error')
		.map((finding) => ({ leg, ...finding }));
}

function packTarball(sourceDir) {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bw-webrtc-scan-'));
	const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', workDir], {
		cwd: sourceDir,
		encoding: 'utf8',
	});
	if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
	const [{ filename, name, version }] = JSON.parse(pack.stdout);
	// As the scanner does with the tarball it downloads.
	const packageDir = path.join(workDir, `${name}-${version}`);
	fs.mkdirSync(packageDir);
	const untar = spawnSync('tar', ['-xzf', path.join(workDir, filename), '-C', packageDir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (untar.status !== 0) throw new Error(`tar failed:\n${untar.stderr}`);
	const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const missing = [...n8n.nodes, ...n8n.credentials].filter((f) => !fs.existsSync(path.join(packageDir, f)));
	if (missing.length > 0) {
		throw new Error(`the tarball lacks ${missing.join(', ')}: run npm run build first`);
	}
	return { workDir, packageDir };
}

function readExceptions(file) {
	const entries = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (!Array.isArray(entries)) throw new Error(`${file}: expected an array`);
	for (const entry of entries) {
		for (const field of ['leg', 'file', 'rule', 'reason']) {
			if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
				throw new Error(`${file}: every entry needs a non-empty "${field}": ${JSON.stringify(entry)}`);
			}
		}
		if (!['source', 'tarball'].includes(entry.leg)) {
			throw new Error(`${file}: "leg" is "source" or "tarball": ${JSON.stringify(entry)}`);
		}
	}
	return entries;
}

const key = (item) => `${item.leg}  ${item.file}  ${item.rule}`;

/** What is in `a` and not in `b`, counting repeats (a rule reported twice needs two entries). */
function difference(a, b) {
	const left = [...b.map(key)];
	return a.filter((item) => {
		const index = left.indexOf(key(item));
		if (index === -1) return true;
		left.splice(index, 1);
		return false;
	});
}

/** The findings nobody explained, and the exceptions nothing reported any more. */
function compare(findings, exceptions) {
	return { unexplained: difference(findings, exceptions), stale: difference(exceptions, findings) };
}

/**
 * Runs the scanner's analyzePackage on `packageDir` (SOURCE_FILE_PATTERNS) and on its `npm pack`
 * output, and compares the errors with the exceptions file (read first: a malformed file fails
 * before any linting).
 */
async function scan({ packageDir = root, exceptionsFile = EXCEPTIONS_FILE } = {}) {
	const exceptions = readExceptions(exceptionsFile);
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const sourceDir = path.resolve(packageDir);
	const findings = await analyze(analyzePackage, 'source', sourceDir, SOURCE_FILE_PATTERNS);
	const { workDir, packageDir: tarballDir } = packTarball(sourceDir);
	try {
		findings.push(...(await analyze(analyzePackage, 'tarball', tarballDir, TARBALL_FILE_PATTERNS)));
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
	return { findings, exceptions, ...compare(findings, exceptions) };
}

function option(name) {
	const index = process.argv.indexOf(`--${name}`);
	if (index === -1) return undefined;
	const value = process.argv[index + 1];
	if (!value || value.startsWith('--')) throw new Error(`--${name} needs a value`);
	return value;
}

async function main() {
	const exceptionsFile = path.resolve(option('exceptions') ?? EXCEPTIONS_FILE);
	const packageDir = path.resolve(option('package-dir') ?? root);
	const relative = path.relative(process.cwd(), exceptionsFile);
	const shown = relative && !relative.startsWith('..') ? relative : exceptionsFile;
	const scannerVersion = require('@n8n/scan-community-package/package.json').version;
	console.log(`@n8n/scan-community-package ${scannerVersion}, analyzePackage, offline`);

	const { findings, exceptions, unexplained, stale } = await scan({ packageDir, exceptionsFile });
	console.log(`\nThe scanner reports ${findings.length} error(s):`);
	for (const f of findings) console.log(`  ${f.leg}  ${f.file}:${f.line}:${f.column}  ${f.rule}\n      ${f.message}`);

	if (unexplained.length > 0) {
		console.error(`\nNot in ${shown} (fix the cause, or add an entry with its reason):`);
		for (const f of unexplained) console.error(`  ${key(f)}`);
	}
	if (stale.length > 0) {
		console.error(`\nIn ${shown} but no longer reported (remove the entry):`);
		for (const e of stale) console.error(`  ${key(e)}`);
	}
	if (unexplained.length > 0 || stale.length > 0) process.exit(1);
	console.log(`\nOK: the reported set equals ${shown} (${exceptions.length} exception(s), each with its reason there).`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}

module.exports = { scan, compare, parseStylish, readExceptions, EXCEPTIONS_FILE };
