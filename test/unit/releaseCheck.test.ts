// scripts/release-check.js: what the release workflow refuses to publish.
const { check } = require('../../scripts/release-check') as {
	check: (input: { pkg: object; changelog: string; tag?: string; repository?: string }) => string[];
};

const pkg = {
	version: '1.2.3',
	repository: { type: 'git', url: 'git+https://github.com/Owner/n8n-nodes-x.git' },
	author: { name: 'Maintainers', email: 'maintainers@example.org' },
};
const changelog = '# Changelog\n\n## [1.2.3] - 2026-12-01\n\n### Added\n';
const ready = { pkg, changelog, tag: 'v1.2.3', repository: 'https://github.com/owner/n8n-nodes-x' };

describe('release check', () => {
	it('passes a release whose tag, changelog, repository and author agree', () => {
		expect(check(ready)).toEqual([]);
	});

	it('refuses a tag that is not v + the package version', () => {
		expect(check({ ...ready, tag: 'v1.2.4' })).toEqual(["the tag is v1.2.4, but package.json's version is 1.2.3"]);
		expect(check({ ...ready, tag: undefined })[0]).toMatch(/^no tag given/);
	});

	it('wants a dated changelog section for the version', () => {
		expect(check({ ...ready, changelog: '## [1.2.2] - 2026-11-01\n' })).toEqual([
			'CHANGELOG.md has no "## [1.2.3] - YYYY-MM-DD" section',
		]);
		expect(check({ ...ready, changelog: '## [1.2.3] - unreleased\n' })).toEqual([
			'CHANGELOG.md\'s 1.2.3 section is dated "unreleased": put the release date (YYYY-MM-DD)',
		]);
		// The dots of the version are literal: 1.2.3 is not 1x2x3.
		expect(check({ ...ready, changelog: '## [1x2x3] - 2026-12-01\n' })).toHaveLength(1);
	});

	it('refuses a repository.url other than the repository released from (npm would refuse provenance)', () => {
		expect(check({ ...ready, repository: 'https://github.com/someone-else/n8n-nodes-x' })).toEqual([
			"package.json's repository.url is git+https://github.com/Owner/n8n-nodes-x.git, but the release is cut from https://github.com/someone-else/n8n-nodes-x",
		]);
	});

	it('refuses an author email that is missing or on a reserved domain', () => {
		const withEmail = (email?: string) => ({ ...ready, pkg: { ...pkg, author: { name: 'M', email } } });
		expect(check(withEmail(undefined))).toEqual(["package.json's author.email (none) is not an email address"]);
		expect(check(withEmail('maintainers@users.noreply.r-seed.example'))).toEqual([
			"package.json's author.email (maintainers@users.noreply.r-seed.example) is on a reserved domain that receives no mail",
		]);
		expect(check(withEmail('someone@mail.invalid'))).toHaveLength(1);
	});
});
