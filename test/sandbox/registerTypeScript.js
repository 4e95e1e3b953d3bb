// @ts-check
/**
 * Lets `npm start` (plain Node, no build step for test code) require the sandbox, which is
 * TypeScript and reuses the test suite's stand-in provider APIs: each .ts file is transpiled
 * on load with the project's own TypeScript (types are checked by `npm run typecheck`, not here).
 */
const fs = require('fs');
const ts = require('typescript');

if (!require.extensions['.ts']) {
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				sourceMap: false,
			},
		});
		/** @type {{ _compile(code: string, filename: string): void }} */ (/** @type {unknown} */ (module))._compile(outputText, filename);
	};
}
