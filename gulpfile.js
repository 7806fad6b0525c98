const path = require('path');
const { task, src, dest } = require('gulp');

// tsc only emits JavaScript. As in n8n-nodes-starter, the icons live in one top-level icons/
// folder, copied to dist/icons: each node and credential points at it with a `file:` path
// relative to its compiled file (file:../../icons/… from dist/nodes/X, file:../icons/… from
// dist/credentials). The nodes' codex files (*.node.json) go to dist/nodes next to their node.
task('build:icons', copyIcons);

function copy(source, destination) {
	return new Promise((resolve, reject) => {
		// Bytes as they are (gulp 5 reads files as UTF-8 text unless told otherwise: a PNG would break).
		src(source, { encoding: false })
			.on('error', reject)
			.pipe(dest(destination))
			.on('error', reject)
			.on('finish', resolve);
	});
}

function copyIcons() {
	return Promise.all([
		copy(path.resolve('icons', '**', '*.{png,svg}'), path.resolve('dist', 'icons')),
		copy(path.resolve('nodes', '**', '*.json'), path.resolve('dist', 'nodes')),
	]);
}
