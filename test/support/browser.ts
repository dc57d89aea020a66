// Headless Debian Chromium driven by playwright-core, and the n8n editor screens the browser tests
// use: owner setup, a workflow's canvas, the credential form. Selectors are n8n's own
// `data-test-id`s (the ones its Playwright suite uses), read from n8n 2.41.1's editor.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** The flags ARCHITECTURE.md documents; Playwright adds its own fresh --user-data-dir and --headless. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
	// Debian's launcher means to add this when /dev/shm is small, but its check breaks on some
	// machines (findmnt prints several lines); containers often have a 64 MB /dev/shm.
	'--disable-dev-shm-usage',
];

const chromiumModule = join(__dirname, '..', '..', 'scripts', 'lib', 'chromium.mjs');

/** Installs Debian's chromium with apt-get when it is missing (as root); returns its path. */
export async function ensureChromium(options: { log?: (line: string) => void } = {}): Promise<string> {
	const { ensureChromium: ensure } = (await import(chromiumModule)) as {
		ensureChromium: (options: { log?: (line: string) => void }) => Promise<string>;
	};
	return await ensure(options);
}

export interface EditorBrowser {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** Launches Chromium with one page whose relative URLs resolve against the n8n instance. */
export async function launchEditorBrowser(options: {
	executablePath: string;
	baseUrl: string;
	colorScheme?: 'light' | 'dark';
	viewport?: { width: number; height: number };
}): Promise<EditorBrowser> {
	const browser = await chromium.launch({ executablePath: options.executablePath, args: CHROMIUM_ARGS });
	try {
		const context = await browser.newContext({
			baseURL: options.baseUrl,
			colorScheme: options.colorScheme ?? 'light',
			viewport: options.viewport ?? { width: 1600, height: 900 },
		});
		const page = await context.newPage();
		return { browser, context, page, close: () => browser.close() };
	} catch (error) {
		await browser.close();
		throw error;
	}
}

export const byTestId = (id: string): string => `[data-test-id="${id}"]`;

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	/** 8+ characters with a digit and an upper-case letter. */
	password: string;
}

/** Fills in n8n's "Set up owner account" screen and waits for the signed-in editor. */
export async function setUpOwnerInEditor(page: Page, owner: OwnerAccount): Promise<void> {
	await page.goto('/setup');
	const form = page.locator(byTestId('setup-form'));
	await form.locator('input[name=email]').fill(owner.email);
	await form.locator('input[name=firstName]').fill(owner.firstName);
	await form.locator('input[name=lastName]').fill(owner.lastName);
	await form.locator('input[name=password]').fill(owner.password);
	await form.locator(byTestId('form-submit-button')).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/setup'));
	await page.locator(byTestId('project-home-menu-item')).waitFor();
}

/**
 * n8n's REST API with the browser's own session: the auth cookie only counts together with the
 * `browser-id` header it was issued for, which the editor keeps in localStorage.
 */
export async function editorSession(page: Page): Promise<{ json<T>(path: string): Promise<T> }> {
	const origin = new URL(page.url()).origin;
	const state = await page.context().storageState();
	const browserId = state.origins
		.find((entry) => entry.origin === origin)
		?.localStorage.find((entry) => entry.name === 'n8n-browserId')?.value;
	if (!browserId) throw new Error(`the editor at ${origin} has no n8n-browserId in localStorage; is anyone signed in?`);
	return {
		json: async <T>(path: string): Promise<T> => {
			const response = await page.request.get(path, { headers: { 'browser-id': browserId } });
			if (!response.ok()) throw new Error(`GET ${path}: HTTP ${response.status()} ${(await response.text()).slice(0, 500)}`);
			return ((await response.json()) as { data: T }).data;
		},
	};
}

export type NodeIcon =
	/** A file icon: `src` as the page has it, whether the browser decoded it, and the HTTP status of `src`. */
	| { kind: 'image'; src: string; decoded: boolean; status: number; contentType: string }
	/** n8n's built-in icons (its own nodes) are inline SVG. */
	| { kind: 'inline-svg' }
	/** n8n draws "?" where it has no icon, e.g. for a node type it does not know. */
	| { kind: 'placeholder' };

export interface NodeRendering {
	name: string;
	type: string;
	/** False when n8n marks the node as not installed (its unknown-node rendering). */
	known: boolean;
	icon: NodeIcon;
}

interface WorkflowNodeSummary {
	name: string;
	type: string;
}

/** Sticky notes are drawn by a different component, without an icon. */
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

/**
 * Opens a saved workflow in the editor and reports how each of its nodes renders on the canvas.
 * Throws one error listing every node that renders as unknown or whose icon does not load.
 */
export async function openWorkflowAndCheckNodes(page: Page, workflowId: string): Promise<NodeRendering[]> {
	const renderings = await openWorkflowAndReadNodes(page, workflowId);
	assertNodesRender(renderings, `workflow ${workflowId}`);
	return renderings;
}

/** Throws one error naming every node that renders as unknown or whose icon does not load. */
export function assertNodesRender(renderings: NodeRendering[], where: string): void {
	const problems = renderings.flatMap(describeProblems);
	if (problems.length > 0) {
		throw new Error(`${where} does not render every node as a known node with its icon:\n  ${problems.join('\n  ')}`);
	}
}

function describeProblems({ name, type, known, icon }: NodeRendering): string[] {
	const problems: string[] = [];
	if (!known) problems.push(`"${name}" (${type}) renders as a node n8n does not know (not installed)`);
	if (icon.kind === 'placeholder') problems.push(`"${name}" (${type}) shows the "?" placeholder instead of an icon`);
	if (icon.kind === 'image' && (!icon.decoded || icon.status !== 200)) {
		problems.push(`"${name}" (${type}) icon ${icon.src} did not load (HTTP ${icon.status}, decoded: ${icon.decoded})`);
	}
	return problems;
}

/** Like openWorkflowAndCheckNodes, without judging: also for workflows expected to hold unknown nodes. */
export async function openWorkflowAndReadNodes(page: Page, workflowId: string): Promise<NodeRendering[]> {
	await page.goto(`/workflow/${workflowId}`);
	const workflow = await (await editorSession(page)).json<{ nodes: WorkflowNodeSummary[] }>(`/rest/workflows/${workflowId}`);
	const nodes = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
	const renderings: NodeRendering[] = [];
	for (const node of nodes) {
		const canvasNode = page.locator(`${byTestId('canvas-node')}[data-node-name="${cssString(node.name)}"]`);
		await canvasNode.waitFor();
		const renderedType = await canvasNode.getAttribute('data-node-type');
		if (renderedType !== node.type) {
			throw new Error(`canvas node "${node.name}" has type ${renderedType}, the saved workflow says ${node.type}`);
		}
		const known = (await canvasNode.locator(byTestId('node-not-installed')).count()) === 0;
		renderings.push({ name: node.name, type: node.type, known, icon: await readNodeIcon(page, canvasNode.locator('.n8n-node-icon')) });
	}
	return renderings;
}

/** The icon inside an `.n8n-node-icon` (canvas nodes, the credential modal's header). */
export async function readNodeIcon(page: Page, iconContainer: Locator): Promise<NodeIcon> {
	const content = iconContainer.locator('img, svg').first();
	await content.or(iconContainer.getByText('?', { exact: true })).first().waitFor();
	if ((await content.count()) === 0) return { kind: 'placeholder' };
	if ((await content.evaluate((element) => element.tagName.toLowerCase())) === 'svg') return { kind: 'inline-svg' };

	const src = (await content.getAttribute('src')) ?? '';
	// Functions sent to the page hold no named inner functions: some transpilers (tsx) wrap those in a
	// helper that exists only in Node.
	const decoded = await content.evaluate(
		(element) =>
			new Promise<boolean>((resolve) => {
				const image = element as unknown as LoadableImage;
				if (image.complete) return resolve(image.naturalWidth > 0);
				image.addEventListener('load', () => resolve(image.naturalWidth > 0));
				image.addEventListener('error', () => resolve(false));
			}),
	);
	const response = await page.request.get(src);
	return { kind: 'image', src, decoded, status: response.status(), contentType: response.headers()['content-type'] ?? '' };
}

/** The parts of an HTMLImageElement used here (the project compiles without the DOM library). */
interface LoadableImage {
	complete: boolean;
	naturalWidth: number;
	addEventListener(type: 'load' | 'error', listener: () => void): void;
}

function cssString(value: string): string {
	return value.replace(/["\\]/g, '\\$&');
}

/**
 * Opens a workflow, checks its nodes, fits it into view and saves a PNG of the editor.
 * @returns how each node rendered
 */
export async function screenshotWorkflow(page: Page, workflowId: string, path: string): Promise<NodeRendering[]> {
	const renderings = await openWorkflowAndCheckNodes(page, workflowId);
	await page.locator(byTestId('zoom-to-fit')).click();
	await waitForCanvasToSettle(page);
	// Moves the pointer off the canvas so no node shows its hover toolbar.
	await page.mouse.move(0, 0);
	await mkdir(dirname(path), { recursive: true });
	await page.screenshot({ path });
	return renderings;
}

/** Waits until the canvas viewport (pan and zoom) stays the same for several frames: fit-view animates. */
async function waitForCanvasToSettle(page: Page): Promise<void> {
	await page.locator('.vue-flow__transformationpane').evaluate(async (pane) => {
		const STABLE_FRAMES = 10;
		const element = pane as unknown as { style: { transform: string } };
		const nextFrame = (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame;
		let last = element.style.transform;
		for (let stable = 0; stable < STABLE_FRAMES; ) {
			await new Promise<void>((resolve) => nextFrame(() => resolve()));
			stable = element.style.transform === last ? stable + 1 : 0;
			last = element.style.transform;
		}
	});
}

export interface CredentialField {
	/** The property's `name` (n8n puts it on the field as data-test-id). */
	name: string;
	/** The label as shown, without the "required" star. */
	label: string;
	/** Whether the field has its input control. */
	hasInput: boolean;
}

export interface CredentialForm {
	/** The credential type's display name under the form's title. */
	typeLabel: string;
	icon: NodeIcon;
	fields: CredentialField[];
}

/**
 * Goes the way a user does: Overview → Create credential → search the type by its display name →
 * Continue, then reads the form that opens.
 */
export async function openNewCredentialForm(page: Page, credentialDisplayName: string): Promise<CredentialForm> {
	await page.goto('/home/credentials');
	await page.locator(byTestId('add-resource-credential')).click();
	const picker = page.locator(byTestId('selectCredential-modal'));
	await picker.locator('input').fill(credentialDisplayName);
	// The options list opens in a popper outside the modal.
	await page
		.locator(byTestId('new-credential-type-select-option'), { hasText: new RegExp(`^\\s*${escapeRegExp(credentialDisplayName)}\\s*$`) })
		.click();
	await picker.locator(byTestId('new-credential-type-button')).click();

	const modal = page.locator(byTestId('editCredential-modal'));
	const parameters = modal.locator(byTestId('credential-connection-parameter'));
	await parameters.first().waitFor();
	const fields = await parameters.evaluateAll((forms) =>
		forms.map((form) => {
			const field = (form as unknown as QueryableElement).querySelector(':scope > div > [data-test-id]');
			const name = field?.getAttribute('data-test-id') ?? '';
			const label = (field?.querySelector('label .n8n-text')?.textContent ?? '').replace(/\*\s*$/, '').trim();
			return { name, label, hasInput: field?.querySelector(`[data-test-id="parameter-input-${name}"]`) != null };
		}),
	);
	const header = modal.locator('.n8n-node-icon').first();
	return {
		// The line under the credential's name, in the modal's header.
		typeLabel: (await modal.locator(byTestId('credential-name')).locator('xpath=../following-sibling::p[1]').innerText()).trim(),
		icon: await readNodeIcon(page, header),
		fields,
	};
}

/** The parts of a DOM element used inside evaluateAll (no DOM library in this project). */
interface QueryableElement {
	querySelector(selector: string): QueryableElement | null;
	getAttribute(name: string): string | null;
	textContent: string | null;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
