import type { Page } from './browser';

export const NEWCOMER = { email: 'you@example.com', firstName: 'Fax', lastName: 'Newcomer', password: 'Newcomer-password-1' };

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** n8n's editor, driven the way a person uses it: pages, forms and buttons. */
export class N8nEditor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	async open(path: string, waitForText: string) {
		await this.page.goto(`${this.baseUrl}${path}`);
		await this.page.waitFor(`document.body.innerText.includes(${JSON.stringify(waitForText)})`, `"${waitForText}" on ${path}`);
	}

	/** The first visit: n8n asks for the owner account, then may offer its assistant. */
	async setUpOwner() {
		await this.open('/', 'Set up owner account');
		await this.page.type('input[name=email]', NEWCOMER.email);
		await this.page.type('input[name=firstName]', NEWCOMER.firstName);
		await this.page.type('input[name=lastName]', NEWCOMER.lastName);
		await this.page.type('input[name=password]', NEWCOMER.password);
		await this.page.click('button', 'Next');
		await this.page.waitFor('!location.pathname.startsWith("/setup")', 'the owner account to be created');
		await pause(1500);
		const offersAssistant = await this.page.evaluate<boolean>('document.body.innerText.includes("Set up later")');
		if (offersAssistant) await this.page.click('*', 'Set up later');
	}

	/** Opens a workflow and waits for its canvas to show `nodeName`. */
	async openWorkflow(workflowId: string, nodeName: string) {
		await this.open(`/workflow/${workflowId}`, nodeName);
		await this.page.waitFor('document.querySelector(\'[data-test-id="workflow-open-publish-modal-button"]\')', 'the Publish button');
	}

	/** Opens a node's panel and waits until its Credential field shows `credentialName`. */
	async openNode(workflowId: string, nodeId: string, credentialName: string) {
		await this.open(`/workflow/${workflowId}/${nodeId}`, 'Parameters');
		await this.page.waitFor(
			`[...document.querySelectorAll('input')].some((input) => input.value === ${JSON.stringify(credentialName)})`,
			`the credential "${credentialName}" in the node's panel`,
		);
		await pause(1500);
	}

	/** Publish, as n8n 2.x calls it: the button, the dialog's Publish, then n8n's confirmation. */
	async publish() {
		await this.page.click('[data-test-id="workflow-open-publish-modal-button"]', 'Publish');
		await this.page.click('[data-test-id="workflow-publish-button"]', 'Publish');
		await this.page.waitFor(
			'document.body.innerText.includes("Workflow published") || document.body.innerText.includes("Problem")',
			'n8n to confirm the publication',
		);
		const text = await this.page.visibleText();
		if (!text.includes('Workflow published')) throw new Error(`Publishing failed; the page says: ${text}`);
	}

	/** Publish when it must fail: returns what n8n's error notification says. */
	async publishExpectingError(): Promise<string> {
		await this.page.click('[data-test-id="workflow-open-publish-modal-button"]', 'Publish');
		await this.page.click('[data-test-id="workflow-publish-button"]', 'Publish');
		const notification = await this.page.waitFor<string>(
			`[...document.querySelectorAll('.el-notification')].map((element) => element.innerText).join('\\n')`,
			'an error notification',
		);
		await pause(1000);
		const cancel = await this.page.evaluate<boolean>('!!document.querySelector(\'[data-test-id="workflow-publish-cancel-button"]\')');
		if (cancel) await this.page.click('[data-test-id="workflow-publish-cancel-button"]', 'Cancel');
		return notification;
	}

	/** Closes the tips n8n pops over the canvas for a new owner (such as its Production Checklist). */
	async dismissTips() {
		await this.page.evaluate(`(() => {
			for (const element of document.querySelectorAll('div')) {
				if (!(element.innerText ?? '').startsWith('Production Checklist')) continue;
				const close = element.querySelector('button, [aria-label="Close"], [class*="close"]');
				if (close) { close.click(); return true; }
			}
			return false;
		})()`);
		await pause(500);
	}

	async dismissNotifications() {
		await this.page.evaluate(`document.querySelectorAll('.el-notification .el-notification__closeBtn').forEach((button) => button.click())`);
		await pause(500);
	}

	async dismissPublishedDialog() {
		await this.page.click('button', 'Got it');
		await this.page.waitFor('!document.body.innerText.includes("Workflow published")', 'the dialog to close');
	}
}
