import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The node reaches into credentials/ through one module only, credentials/shared.ts: what the
 * credentials and the node both need (production URLs, the account URL, the token error codes)
 * is said there once, and no credential class is loaded by the node's code.
 */

const root = path.resolve(__dirname, '..', '..');
const credentials = path.join(root, 'credentials');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Every module a file imports or re-exports from, as written. */
function specifiers(file: string): string[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
	return source.statements.flatMap((statement) =>
		(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
		statement.moduleSpecifier &&
		ts.isStringLiteral(statement.moduleSpecifier)
			? [statement.moduleSpecifier.text]
			: [],
	);
}

describe("the node's imports from credentials/", () => {
	const fromCredentials = sourceFiles(path.join(root, 'nodes')).flatMap((file) =>
		specifiers(file)
			.filter((specifier) => specifier.startsWith('.'))
			.map((specifier) => path.resolve(path.dirname(file), specifier))
			.filter((target) => !path.relative(credentials, target).startsWith('..'))
			.map((target) => ({
				file: path.relative(root, file).split(path.sep).join('/'),
				imports: path.relative(root, target).split(path.sep).join('/'),
			})),
	);

	it('exist (the check reads the imports)', () => {
		expect(fromCredentials.length).toBeGreaterThan(0);
	});

	it('all name credentials/shared', () => {
		expect(fromCredentials.filter(({ imports }) => imports !== 'credentials/shared')).toEqual([]);
	});
});
