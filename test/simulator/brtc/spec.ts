// Bandwidth's BRTC Endpoints spec (test/fixtures/brtc-endpoints-openapi.yaml), read for the
// tests, and a small JSON-schema check of the subset the spec uses: $ref, allOf, oneOf, type,
// enum, required, properties, items, nullable, additionalProperties: false, format.
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import path from 'path';

export const SPEC_PATH = path.join(__dirname, '..', '..', 'fixtures', 'brtc-endpoints-openapi.yaml');

type Schema = Record<string, unknown>;

export interface BrtcSpec {
	text: string;
	doc: Schema;
	resolve(ref: string): Schema;
	schema(name: string): Schema;
	/** Problems of `value` against `schema` (an empty list when it conforms). */
	check(value: unknown, schema: Schema, at?: string): string[];
}

export function loadBrtcSpec(): BrtcSpec {
	const text = readFileSync(SPEC_PATH, 'utf8');
	const doc = load(text) as Schema;
	const resolve = (ref: string): Schema => {
		if (!ref.startsWith('#/')) throw new Error(`Only local refs: ${ref}`);
		let node: unknown = doc;
		for (const part of ref.slice(2).split('/')) node = (node as Schema)[part];
		if (node === undefined) throw new Error(`Unresolved ref ${ref}`);
		return node as Schema;
	};
	const deref = (schema: Schema): Schema => (typeof schema.$ref === 'string' ? deref(resolve(schema.$ref)) : schema);

	const check = (value: unknown, raw: Schema, at = '$'): string[] => {
		const schema = deref(raw);
		const problems: string[] = [];
		if (Array.isArray(schema.allOf)) {
			for (const part of schema.allOf as Schema[]) problems.push(...check(value, part, at));
		}
		if (Array.isArray(schema.oneOf)) {
			const matches = (schema.oneOf as Schema[]).filter((part) => check(value, part, at).length === 0).length;
			if (matches !== 1) problems.push(`${at}: matches ${matches} of oneOf`);
		}
		if (value === null) {
			if (schema.nullable !== true && schema.type !== undefined) problems.push(`${at}: null is not allowed`);
			return problems;
		}
		switch (schema.type) {
			case 'object':
				if (typeof value !== 'object' || Array.isArray(value)) problems.push(`${at}: expected an object`);
				break;
			case 'array':
				if (!Array.isArray(value)) problems.push(`${at}: expected an array`);
				break;
			case 'string':
				if (typeof value !== 'string') problems.push(`${at}: expected a string`);
				break;
			case 'integer':
				if (!Number.isInteger(value)) problems.push(`${at}: expected an integer`);
				break;
		}
		if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) {
			problems.push(`${at}: ${JSON.stringify(value)} is not in ${JSON.stringify(schema.enum)}`);
		}
		if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
			problems.push(`${at}: not a date-time`);
		}
		if (typeof value === 'object' && !Array.isArray(value)) {
			const object = value as Schema;
			for (const key of (schema.required as string[] | undefined) ?? []) {
				if (!(key in object)) problems.push(`${at}: missing ${key}`);
			}
			const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
			for (const [key, child] of Object.entries(properties)) {
				if (key in object) problems.push(...check(object[key], child, `${at}.${key}`));
			}
			if (schema.additionalProperties === false) {
				for (const key of Object.keys(object)) {
					if (!(key in properties)) problems.push(`${at}: unexpected ${key}`);
				}
			}
		}
		if (Array.isArray(value) && schema.items) {
			value.forEach((item, index) => problems.push(...check(item, schema.items as Schema, `${at}[${index}]`)));
		}
		return problems;
	};

	return {
		text,
		doc,
		resolve,
		schema: (name) => resolve(`#/components/schemas/${name}`),
		check,
	};
}

/** Every property name a schema allows, through allOf and oneOf. */
export function propertyNames(spec: BrtcSpec, raw: Schema): string[] {
	const schema = typeof raw.$ref === 'string' ? spec.resolve(raw.$ref) : raw;
	const names = new Set<string>(Object.keys((schema.properties as Schema | undefined) ?? {}));
	for (const key of ['allOf', 'oneOf'] as const) {
		for (const part of (schema[key] as Schema[] | undefined) ?? []) {
			for (const name of propertyNames(spec, part)) names.add(name);
		}
	}
	return [...names];
}
