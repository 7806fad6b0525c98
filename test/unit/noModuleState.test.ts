import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Queue mode runs each execution in whichever process picks it up (main, a worker, a webhook
 * process), so state kept in a module would be split between them and survive across
 * executions. The rule: node and credential code keeps no module-level state. Every top-level
 * binding is a `const` holding a value that cannot change (no Map, Set, array or object that is
 * written to, no timer, no connection); per-execution state lives in objects made in `execute`.
 */

const ROOTS = ['nodes', 'credentials'].map((dir) => path.join(__dirname, '..', '..', dir));

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

const STATEFUL_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'Promise']);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** What a top-level statement keeps that could change between executions, if anything. */
function moduleState(statement: ts.Statement, source: ts.SourceFile): string[] {
	const found: string[] = [];
	const at = (node: ts.Node) => `${path.relative(process.cwd(), source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
	if (ts.isVariableStatement(statement)) {
		if (!(statement.declarationList.flags & ts.NodeFlags.Const)) found.push(`${at(statement)} a top-level let/var`);
		for (const declaration of statement.declarationList.declarations) {
			const init = declaration.initializer;
			if (!init) continue;
			// An empty container is there to be filled: a cache. One built with its entries is a
			// lookup table, fine as long as nothing writes to it (checked below).
			if (
				ts.isNewExpression(init) &&
				ts.isIdentifier(init.expression) &&
				STATEFUL_CONSTRUCTORS.has(init.expression.text) &&
				(init.arguments?.length ?? 0) === 0
			) {
				found.push(`${at(init)} new ${init.expression.text}() at module level`);
			}
		}
	}
	// Timers started when the module loads.
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) || ts.isClassLike(node)) return; // bodies run per call, not at load
		if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && TIMERS.has(node.expression.text)) {
			found.push(`${at(node)} ${node.expression.text}() at module load`);
		}
		ts.forEachChild(node, visit);
	};
	visit(statement);
	return found;
}

/** Writes to a top-level binding from anywhere in the file: `x = …`, `x.push(…)`, `x.set(…)`, `x[k] = …`. */
function mutationsOfTopLevelBindings(source: ts.SourceFile): string[] {
	const names = new Set<string>();
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement)) {
			for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
		}
	}
	const found: string[] = [];
	const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'set', 'add', 'delete', 'clear', 'sort', 'reverse']);
	const rootName = (node: ts.Expression): string | undefined => {
		let current: ts.Expression = node;
		while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = current.expression;
		return ts.isIdentifier(current) ? current.text : undefined;
	};
	const visit = (node: ts.Node): void => {
		const line = () => `${path.relative(process.cwd(), source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
		if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
			const name = rootName(node.left);
			if (name && names.has(name)) found.push(`${line()} writes to module-level ${name}`);
		}
		if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) {
			const name = rootName(node.expression.expression);
			if (name && names.has(name)) found.push(`${line()} calls ${name}.${node.expression.name.text}() on a module-level value`);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('no state between executions (queue mode)', () => {
	const files = ROOTS.flatMap(sourceFiles);

	it('reads the node and credential sources', () => {
		expect(files.length).toBeGreaterThan(20);
	});

	it.each(files.map((file) => [path.relative(path.join(__dirname, '..', '..'), file), file]))(
		'%s keeps no module-level state',
		(_name, file) => {
			const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
			const found = [...source.statements.flatMap((statement) => moduleState(statement, source)), ...mutationsOfTopLevelBindings(source)];
			expect(found).toEqual([]);
		},
	);

	it('would catch what it forbids', () => {
		const bad = ts.createSourceFile(
			'bad.ts',
			'let cache = 1;\nconst tokens = new Map();\nconst list: string[] = [];\nsetInterval(() => {}, 1000);\nexport function f() { list.push("x"); cache = 2; }\n',
			ts.ScriptTarget.ES2022,
			true,
		);
		const found = [...bad.statements.flatMap((statement) => moduleState(statement, bad)), ...mutationsOfTopLevelBindings(bad)];
		expect(found.map((line) => line.replace(/^bad\.ts:\d+ /, ''))).toEqual([
			'a top-level let/var',
			'new Map() at module level',
			'setInterval() at module load',
			'calls list.push() on a module-level value',
			'writes to module-level cache',
		]);
	});
});
