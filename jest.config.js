/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': 'ts-jest' },
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The e2e suite drives the real n8n app and has its own command (npm run test:e2e).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	// …and its 2 GB of node_modules (the n8n app) are not ours to crawl.
	modulePathIgnorePatterns: ['<rootDir>/test/e2e/'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	testTimeout: 30000,
};
