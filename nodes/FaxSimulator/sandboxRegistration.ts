/** A fax the sandbox's stand-in of a provider API should know before the webhook arrives. */
export interface SandboxFax {
	provider: 'faxplus' | 'sinch';
	faxId: string;
	from: string;
	to: string;
	/** The ids the trigger may download the document by (Fax.Plus: the fax id and `file`). */
	fileIds: string[];
	document: Buffer;
}

/**
 * Tells the stand-in APIs of `npm start`'s sandbox about a fax, so that a trigger which looks the
 * fax up or downloads its document (Fax.Plus always, Sinch with Confirm With API) finds it, as it
 * would find a real fax in a real account.
 */
export async function registerSandboxFax(sandboxUrl: string, fax: SandboxFax): Promise<void> {
	const url = `${sandboxUrl.replace(/\/+$/, '')}/sandbox/faxes`;
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...fax, document: fax.document.toString('base64') }),
		});
	} catch (error) {
		// A command-line tool, not a node: there is no node to attach a NodeApiError to.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw new Error(`The sandbox at ${sandboxUrl} cannot be reached (${(error as Error).message}): is npm start running? Its output names the sandbox URL.`);
	}
	if (!response.ok) throw new Error(`The sandbox at ${sandboxUrl} refused the fax: ${response.status} ${await response.text()}`);
}
