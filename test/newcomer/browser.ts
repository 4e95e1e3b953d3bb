import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { ensureDebianPackages } from '../support/debianPackages';

/** The flags headless Chromium needs here: no sandbox (root), no GPU, nothing leaving loopback. */
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--remote-debugging-port=0',
	'--hide-scrollbars',
];

interface CdpAnswer {
	id?: number;
	method?: string;
	params?: Record<string, unknown>;
	result?: Record<string, unknown>;
	error?: { message: string };
}

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with Node's own WebSocket
 * (no browser download, no automation library).
 */
export class Browser {
	private constructor(
		private readonly process: ChildProcess,
		private readonly userDataDir: string,
		private readonly devtoolsUrl: string,
	) {}

	static async launch(): Promise<Browser> {
		ensureDebianPackages({ chromium: 'chromium' });
		const userDataDir = mkdtempSync(path.join(tmpdir(), 'newcomer-chromium-'));
		const child = spawn('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, 'about:blank'], {
			stdio: ['ignore', 'ignore', 'pipe'],
			// Its own process group: closing ends the helpers (zygote, GPU, renderers) too.
			detached: true,
		});
		const devtoolsUrl = await new Promise<string>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 30_000);
			child.stderr!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
			child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
		});
		return new Browser(child, userDataDir, devtoolsUrl);
	}

	/** The tab Chromium opened, at `width`×`height` CSS pixels. */
	async page(width = 1280, height = 800): Promise<Page> {
		const origin = new URL(this.devtoolsUrl).host;
		const targets = (await (await fetch(`http://${origin}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
		const target = targets.find((candidate) => candidate.type === 'page');
		if (!target) throw new Error('Chromium has no page open');
		const page = await Page.connect(target.webSocketDebuggerUrl);
		await page.send('Page.enable');
		await page.send('Runtime.enable');
		await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
		return page;
	}

	async close() {
		if (this.process.exitCode === null) {
			const exited = new Promise((resolve) => this.process.once('exit', resolve));
			process.kill(-this.process.pid!, 'SIGTERM');
			await exited;
		}
		rmSync(this.userDataDir, { recursive: true, force: true });
	}
}

export class Page {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve(value: Record<string, unknown>): void; reject(error: Error): void }>();
	private readonly listeners: Array<(message: CdpAnswer) => void> = [];

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as CdpAnswer;
			if (message.id !== undefined) {
				const waiting = this.pending.get(message.id);
				this.pending.delete(message.id);
				if (message.error) waiting?.reject(new Error(message.error.message));
				else waiting?.resolve(message.result ?? {});
			} else {
				for (const listener of this.listeners) listener(message);
			}
		});
	}

	static async connect(url: string): Promise<Page> {
		const socket = new WebSocket(url);
		await new Promise((resolve, reject) => {
			socket.addEventListener('open', resolve, { once: true });
			socket.addEventListener('error', () => reject(new Error(`Cannot connect to ${url}`)), { once: true });
		});
		return new Page(socket);
	}

	async send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
		const id = this.nextId++;
		const answer = new Promise<Record<string, unknown>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
		this.socket.send(JSON.stringify({ id, method, params }));
		return await answer;
	}

	async goto(url: string) {
		const loaded = new Promise<void>((resolve) => {
			const listener = (message: CdpAnswer) => {
				if (message.method === 'Page.loadEventFired') {
					this.listeners.splice(this.listeners.indexOf(listener), 1);
					resolve();
				}
			};
			this.listeners.push(listener);
		});
		await this.send('Page.navigate', { url });
		await loaded;
	}

	/** Runs `expression` (which may be a promise) in the page and returns its JSON value. */
	async evaluate<T>(expression: string): Promise<T> {
		const answer = (await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
			result: { value?: T };
			exceptionDetails?: { exception?: { description?: string }; text: string };
		};
		if (answer.exceptionDetails) {
			throw new Error(`In the page: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
		}
		return answer.result.value as T;
	}

	/** Waits until `expression` is truthy in the page, and returns its value. */
	async waitFor<T>(expression: string, what: string, timeoutMs = 30_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await this.evaluate<T>(expression).catch(() => undefined);
			if (value) return value;
			if (Date.now() > deadline) {
				throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; the page says: ${await this.visibleText()}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	async visibleText(): Promise<string> {
		return (await this.evaluate<string>('document.body ? document.body.innerText.slice(0, 1500) : ""')) ?? '';
	}

	/**
	 * Clicks the centre of the visible element matching `selector` whose text (or placeholder,
	 * aria-label, title) contains `text` (the innermost such element), as a user would with the mouse.
	 */
	async click(selector: string, text = '', what = `${selector} "${text}"`) {
		const point = await this.waitFor<{ x: number; y: number }>(
			`(() => {
				const wanted = ${JSON.stringify(text)};
				let best = null;
				for (const element of document.querySelectorAll(${JSON.stringify(selector)})) {
					const label = [element.innerText, element.getAttribute('placeholder'), element.getAttribute('aria-label'), element.getAttribute('title')].join(' ');
					const box = element.getBoundingClientRect();
					if (box.width > 0 && box.height > 0 && label.includes(wanted) && (!best || label.length < best.length)) best = { element, length: label.length };
				}
				if (!best) return null;
				best.element.scrollIntoView({ block: 'center' });
				const box = best.element.getBoundingClientRect();
				return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
			})()`,
			what,
		);
		for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
			await this.send('Input.dispatchMouseEvent', { type, x: point.x, y: point.y, button: 'left', clickCount: 1 });
		}
	}

	/** Focuses the input matching `selector` and types `text` into it. */
	async type(selector: string, text: string) {
		await this.waitFor(`(() => { const input = document.querySelector(${JSON.stringify(selector)}); if (!input) return false; input.focus(); return true; })()`, selector);
		await this.send('Input.insertText', { text });
	}

	async pressKey(key: string, code = key, windowsVirtualKeyCode?: number) {
		await this.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode });
		await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode });
	}

	async screenshot(file: string) {
		const { data } = (await this.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
		writeFileSync(file, Buffer.from(data, 'base64'));
	}

	close() {
		this.socket.close();
	}
}
