import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * No module of the project imports itself back through another: where two modules need the same
 * thing, it lives one floor down, in a module that imports neither. Relative imports, re-exports,
 * require() and import() calls of .ts and .js files in nodes/, credentials/, scripts/ and test/
 * count, type-only imports too (they tie the files together just the same for a reader).
 */

const root = path.resolve(__dirname, '..', '..');
const FOLDERS = ['nodes', 'credentials', 'scripts', 'test'];
const SKIP = new Set(['node_modules', '.run', 'lines']);

function sourceFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(full);
		return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

/** Every relative module a file names in an import, export, require() or import(). */
function relativeSpecifiers(file: string): string[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
			found.push(node.moduleSpecifier.text);
		} else if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
			node.arguments.length === 1 &&
			ts.isStringLiteral(node.arguments[0])
		) {
			found.push(node.arguments[0].text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found.filter((specifier) => specifier.startsWith('.'));
}

function resolveModule(from: string, specifier: string): string | undefined {
	const base = path.resolve(path.dirname(from), specifier);
	const candidates = [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')];
	return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

/** The import graph, file → the project files it imports. */
function importGraph(): Map<string, string[]> {
	const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(root, folder)));
	return new Map(
		files.map((file) => [
			file,
			relativeSpecifiers(file)
				.map((specifier) => resolveModule(file, specifier))
				.filter((target): target is string => target !== undefined && target !== file),
		]),
	);
}

/** Each cycle once, as the files along it (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
	let index = 0;
	const indices = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const connect = (file: string) => {
		indices.set(file, index);
		low.set(file, index);
		index += 1;
		stack.push(file);
		onStack.add(file);
		for (const next of graph.get(file) ?? []) {
			if (!indices.has(next)) {
				connect(next);
				low.set(file, Math.min(low.get(file)!, low.get(next)!));
			} else if (onStack.has(next)) {
				low.set(file, Math.min(low.get(file)!, indices.get(next)!));
			}
		}
		if (low.get(file) === indices.get(file)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== file);
			if (component.length > 1) found.push(component.map((f) => path.relative(root, f)).sort());
		}
	};
	for (const file of graph.keys()) if (!indices.has(file)) connect(file);
	return found;
}

describe('import cycles', () => {
	it('finds a cycle when there is one (the check itself works)', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a']],
			['d', ['a']],
		]);
		expect(cycles(graph)).toEqual([['a', 'b', 'c'].map((f) => path.relative(root, f)).sort()]);
	});

	it('reads the project: the nodes import their helpers', () => {
		const graph = importGraph();
		const node = path.join(root, 'nodes', 'BandwidthWebRtc', 'BandwidthWebRtc.node.ts');
		expect(graph.get(node)).toContain(path.join(root, 'nodes', 'BandwidthWebRtc', 'actions', 'router.ts'));
		expect(graph.size).toBeGreaterThan(100);
	});

	it('no two modules of the project import each other, directly or through others', () => {
		expect(cycles(importGraph())).toEqual([]);
	});
});
