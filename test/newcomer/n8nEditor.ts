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

	/**
	 * Publish, as n8n 2.x calls it: the button, the dialog's Publish, then the header says
	 * "Published" (n8n shows its "Workflow published" dialog on some publications only).
	 */
	async publish() {
		await this.page.click('[data-test-id="workflow-open-publish-modal-button"]', 'Publish');
		await this.confirmPublishDialog();
		const outcome = await this.page.waitFor<string>(
			`(() => {
				const header = document.querySelector('[data-test-id="workflow-open-publish-modal-button"]');
				if (header && header.innerText.trim() === 'Published') return 'published';
				const notification = [...document.querySelectorAll('.el-notification')].map((element) => element.innerText).join(' ');
				return notification.includes('could not be published') ? notification : '';
			})()`,
			'n8n to publish the workflow',
		);
		if (outcome !== 'published') throw new Error(`Publishing failed; n8n says: ${outcome}`);
		await pause(1000);
	}

	/** Publishing for the first time, n8n explains what publishing does: close that dialog. */
	async dismissPublishedDialog() {
		const shown = await this.page.evaluate<boolean>('document.body.innerText.includes("Workflow published")');
		if (!shown) return;
		await this.page.click('button', 'Got it');
		await this.page.waitFor('!document.body.innerText.includes("Workflow published")', 'the dialog to close');
	}

	/**
	 * The dialog's Publish button, clicked once the dialog has stopped sliding in, and again if a
	 * click landed while it moved (the dialog is then still open and nothing is publishing).
	 */
	private async confirmPublishDialog() {
		const dialogOpen = `[...document.querySelectorAll('[data-test-id="workflow-publish-button"]')].some((button) => button.getBoundingClientRect().width > 0)`;
		for (let attempt = 0; attempt < 3; attempt++) {
			await pause(800);
			await this.page.click('[data-test-id="workflow-publish-button"]', 'Publish');
			await pause(1500);
			if (!(await this.page.evaluate<boolean>(dialogOpen))) return;
		}
		throw new Error(`The Publish dialog stayed open; the page says: ${await this.page.visibleText()}`);
	}

	/** Publish when it must fail: returns what n8n's error notification says. */
	async publishExpectingError(): Promise<string> {
		await this.page.click('[data-test-id="workflow-open-publish-modal-button"]', 'Publish');
		await this.confirmPublishDialog();
		const notification = await this.page.waitFor<string>(
			`[...document.querySelectorAll('.el-notification')].map((element) => element.innerText).join('\\n')`,
			'an error notification',
		);
		await pause(1000);
		const cancel = await this.page.evaluate<boolean>(
			`[...document.querySelectorAll('[data-test-id="workflow-publish-cancel-button"]')].some((button) => button.getBoundingClientRect().width > 0)`,
		);
		if (cancel) await this.page.click('[data-test-id="workflow-publish-cancel-button"]', 'Cancel');
		return notification;
	}

	/** Closes the tips n8n pops over the canvas for a new owner (its Production Checklist): Escape. */
	async dismissTips() {
		const shown = await this.page.evaluate<boolean>('document.body.innerText.includes("Production Checklist")');
		if (!shown) return;
		await this.page.pressKey('Escape', 'Escape', 27);
		await this.page.waitFor('!document.body.innerText.includes("Production Checklist")', 'n8n\'s checklist to close');
	}

	async dismissNotifications() {
		await this.page.evaluate(`document.querySelectorAll('.el-notification .el-notification__closeBtn').forEach((button) => button.click())`);
		await pause(500);
	}
}
