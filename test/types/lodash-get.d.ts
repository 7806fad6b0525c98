// lodash ships no types of its own; the tests use get() as n8n's credential tester does.
declare module 'lodash/get' {
	export default function get(object: unknown, path: string): unknown;
}

// js-yaml 3 ships no types; the BRTC tests read Bandwidth's spec fixture with load().
declare module 'js-yaml' {
	export function load(text: string): unknown;
}
