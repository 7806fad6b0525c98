#!/usr/bin/env node
// Checks, before `npm publish`, what would make a release wrong or refused. The release workflow
// (.github/workflows/release.yml) runs it on the pushed tag; run it yourself before tagging:
//
//   node scripts/release-check.js --tag v0.1.0 --repository https://github.com/<owner>/<repo>
//
// On GitHub Actions both default to the run's own tag and repository.
// - the tag is "v" + package.json's version;
// - CHANGELOG.md has a "## [<version>] - YYYY-MM-DD" section (dated, not "unreleased");
// - package.json's repository.url is the repository being released from: npm refuses provenance
//   otherwise, and n8n's scanner fetches the source from the repository the provenance names;
// - the author email is an address someone reads, not one on a reserved domain (.example,
//   .invalid, .test, .localhost): it is the contact npm and n8n show.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

const normalise = (url) => String(url ?? '').replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '').toLowerCase();

function check({ pkg, changelog, tag, repository }) {
	const problems = [];
	const { version } = pkg;
	if (!tag) problems.push('no tag given (--tag v<version>, or GITHUB_REF_NAME on GitHub Actions)');
	else if (tag !== `v${version}`) problems.push(`the tag is ${tag}, but package.json's version is ${version}`);

	const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - (.+)$`, 'm').exec(changelog);
	if (!heading) problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
	else if (!/^\d{4}-\d{2}-\d{2}$/.test(heading[1].trim())) {
		problems.push(`CHANGELOG.md's ${version} section is dated "${heading[1].trim()}": put the release date (YYYY-MM-DD)`);
	}

	if (!repository) problems.push('no repository given (--repository https://github.com/<owner>/<repo>, or GITHUB_REPOSITORY on GitHub Actions)');
	else if (normalise(pkg.repository?.url) !== normalise(repository)) {
		problems.push(`package.json's repository.url is ${pkg.repository?.url}, but the release is cut from ${repository}`);
	}

	const email = String(pkg.author?.email ?? '');
	if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push(`package.json's author.email (${email || 'none'}) is not an email address`);
	else if (/\.(example|invalid|test|localhost)$/i.test(email)) {
		problems.push(`package.json's author.email (${email}) is on a reserved domain that receives no mail`);
	}
	return problems;
}

if (require.main === module) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
	const github = process.env.GITHUB_REPOSITORY
		? `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_REPOSITORY}`
		: undefined;
	const problems = check({
		pkg,
		changelog,
		tag: option('tag', process.env.GITHUB_REF_NAME),
		repository: option('repository', github),
	});
	if (problems.length > 0) {
		for (const problem of problems) console.error(`release check: ${problem}`);
		process.exit(1);
	}
	console.log(`release check: ${pkg.name}@${pkg.version} is ready to publish`);
}

module.exports = { check };
