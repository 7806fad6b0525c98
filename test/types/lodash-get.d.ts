// lodash ships no types of its own; the tests use get() as n8n's credential tester does.
declare module 'lodash/get' {
	export default function get(object: unknown, path: string): unknown;
}
