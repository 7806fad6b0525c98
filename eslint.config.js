// Flat config (ESLint 9.29.0, the version n8n's community-package scanner pins and the one
// @n8n/eslint-plugin-community-nodes requires as its peer).
//
// Two plugins, as in n8n's own gate (@n8n/scan-community-package 0.32.0, scanner.mjs
// buildScanConfig) and in `n8n-node lint`:
// - @n8n/eslint-plugin-community-nodes, its `recommended` rules, on what the scanner lints in the
//   source: package.json, nodes/** and credentials/**;
// - eslint-plugin-n8n-nodes-base, whose configs are old-style objects: their rules are taken into
//   three blocks (package.json, credentials, nodes), with the scanner's own overrides.
// `npm run scan` runs the scanner itself on the source and on the packed tarball.
//
// A rule that does not fit the facts is listed, with its reason, in scripts/scan-exceptions.json
// (the one list; `npm run scan` checks the scanner reports exactly those). Its source entries
// turn the rule off for that file here, last.
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');
const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');
const tsParser = require('@typescript-eslint/parser');

const plugins = { 'n8n-nodes-base': n8nNodesBase };
const community = n8nCommunityNodesPlugin.configs.recommended;
const exceptions = require('./scripts/scan-exceptions.json')
	.filter((entry) => entry.leg === 'source')
	.map((entry) => ({ files: [entry.file], rules: { [entry.rule]: 'off' } }));
const tsLanguageOptions = { parser: tsParser, parserOptions: { sourceType: 'module' } };

module.exports = [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/e2e/node_modules/**', 'test/e2e/.run/**', '.bench-run/**', 'coverage/**'],
	},
	{
		// As in the scanner, package.json is read with the TypeScript parser: the community rules
		// walk the ObjectExpression it produces (jsonc-eslint-parser's JSON nodes they skip).
		files: ['package.json'],
		languageOptions: { parser: tsParser },
		plugins: { ...plugins, ...community.plugins },
		rules: { ...n8nNodesBase.configs.community.rules, ...community.rules },
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		languageOptions: tsLanguageOptions,
		plugins: community.plugins,
		// The scanner adds no-console to the recommended rules.
		rules: { ...community.rules, 'no-console': 'error' },
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: tsLanguageOptions,
		plugins,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The plugin documents this rule as "only applicable to nodes in the main repository"
			// (a docs slug there); n8n requires community credentials to give an absolute URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Off in the scanner too: community-nodes' credential-password-field decides this.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: tsLanguageOptions,
		plugins,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Off in the scanner too: inputs and outputs are NodeConnectionTypes.Main, which
			// community-nodes' node-connection-type-literal asks for, not the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	...exceptions,
];
