// Flat config for ESLint 10: eslint-plugin-n8n-nodes-base ships old-style configs, so their
// rules are taken into three blocks (package.json, credentials, nodes) as n8n's starter does.
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');
const tsParser = require('@typescript-eslint/parser');
const jsoncParser = require('jsonc-eslint-parser');

const plugins = { 'n8n-nodes-base': n8nNodesBase };

module.exports = [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/e2e/node_modules/**', 'test/e2e/.run/**', 'coverage/**'],
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins,
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The plugin documents this rule as "only applicable to nodes in the main repository"
			// (a docs slug there); n8n requires community credentials to give an absolute URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins,
		rules: n8nNodesBase.configs.nodes.rules,
	},
];
