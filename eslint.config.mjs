import n8nCommunityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import * as jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'gulpfile.js', 'jest.config.js', '.n8n-local/**'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		ignores: ['nodes/FaxSimulator/**'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.nodes.rules,
	},
	{
		...n8nCommunityNodes.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		rules: {
			// Not aiming at n8n's "verified" tier yet: busboy parses the untouched multipart stream.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// For nodes inside n8n's own repository only.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Predates NodeConnectionTypes, which @n8n/community-nodes asks for.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		// The few modules that need Node's I/O (and so would change for the "verified" tier):
		// the request reader (busboy, fs, streams; buffer's isAscii for JSON bodies), the
		// fax-server folder reader (fs, n8n's
		// file-access settings), n8n's deduplication store (n8n-core), and address matching
		// (net.BlockList), and the streamed multipart body of a sent fax.
		files: [
			'nodes/FaxCore/readWebhookRequest.ts',
			'nodes/FaxCore/documentFolder.ts',
			'nodes/FaxCore/jsonBody.ts',
			'nodes/FaxCore/deliveryDedupe.ts',
			'nodes/FaxCore/requestSecurity.ts',
			'nodes/FaxCore/multipartStream.ts',
			'nodes/FaxSimulator/**',
		],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	{
		// The simulator is a command-line tool shipped beside the nodes, not node code; the folder
		// reader follows n8n's file-access environment variables.
		files: ['nodes/FaxSimulator/**', 'nodes/FaxCore/documentFolder.ts'],
		rules: { '@n8n/community-nodes/no-restricted-globals': 'off' },
	},
];
