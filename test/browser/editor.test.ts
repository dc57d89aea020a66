// The n8n editor in headless Chromium, with this package installed into a real n8n 2.41.1: the
// owner is set up on the setup screen, every node of the package renders as a known node with its
// own icon, every credential form opens with its fields, and every shipped workflow opens with
// all its nodes known. `UPDATE_SCREENSHOTS=1` also saves each shipped workflow to docs/screenshots/.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NodeHelpers, injectDomainRestrictionFields, type ICredentialType, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import {
	assertNodesRender,
	ensureChromium,
	editorSession,
	launchEditorBrowser,
	openNewCredentialForm,
	openWorkflowAndCheckNodes,
	openWorkflowAndReadNodes,
	screenshotWorkflow,
	setUpOwnerInEditor,
	type EditorBrowser,
	type OwnerAccount,
} from '../support/browser';
import { startN8n, type CredentialSeed, type N8nInstance, type WorkflowJson } from '../support/n8n-instance';

const repoRoot = join(__dirname, '..', '..');
const workflowsDir = join(repoRoot, 'workflows');
const screenshotsDir = join(repoRoot, 'docs', 'screenshots');

/** The importable workflows the package ships: every workflows/*.json and workflows/ops/*.json. */
const SHIPPED_WORKFLOWS = [workflowsDir, join(workflowsDir, 'ops')].flatMap((dir) =>
	existsSync(dir)
		? readdirSync(dir)
				.filter((file) => file.endsWith('.json'))
				.sort()
				.map((file) => join(dir, file))
		: [],
);

// Covers installing Chromium with apt (11 to 18 s here, package lists included) and a first n8n install from an empty
// cache (about 6 minutes here) plus n8n's start.
const SETUP_MS = 25 * 60_000;
const BROWSER_STEP_MS = 120_000;
const progress = (line: string) => process.stdout.write(`[browser] ${line}\n`);

interface Manifest {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
}
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

type IconValue = INodeTypeDescription['icon'];

interface PackageNode {
	description: INodeTypeDescription;
	/** The built node file, relative to the package root, e.g. dist/nodes/Gitea/Gitea.node.js. */
	file: string;
}

/** Instantiates the class a built file exports under the file's own name, as n8n's loader does. */
async function loadBuiltClass<T>(file: string, suffix: '.node.js' | '.credentials.js'): Promise<T> {
	const exported = (await import(join(repoRoot, file))) as Record<string, new () => T>;
	const TypeClass = exported[basename(file, suffix)];
	if (!TypeClass) throw new Error(`${file} does not export a class named ${basename(file, suffix)} (is the package built?)`);
	return new TypeClass();
}

/** Where n8n serves a community package's file icon: /icons/<package>/<path in the package>. */
function iconPath(icon: IconValue, theme: 'light' | 'dark', file: string): string {
	const value = typeof icon === 'object' && icon !== null ? icon[theme] : icon;
	if (typeof value !== 'string' || !value.startsWith('file:')) throw new Error(`${file} has no file icon: ${JSON.stringify(icon)}`);
	return join(dirname(file), value.slice('file:'.length));
}

const nodeName = (description: INodeTypeDescription) => description.defaults.name ?? description.displayName;

/** One workflow with every node of the package on its canvas, in a row. */
function packageNodesWorkflow(packageNodes: PackageNode[]): WorkflowJson {
	const nodes = packageNodes.map(({ description }, index) => ({
		id: randomUUID(),
		name: nodeName(description),
		type: `${manifest.name}.${description.name}`,
		typeVersion: Array.isArray(description.version) ? Math.max(...description.version) : description.version,
		position: [index * 240, 0] as [number, number],
		parameters: {},
	}));
	const connections = Object.fromEntries(
		nodes.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { name: `Nodes of ${manifest.name}`, nodes, connections, settings: {} };
}

/** A node type nobody registered: what n8n shows for it is what the checks must reject. */
const UNKNOWN_NODE_TYPE = `${manifest.name}.noSuchNode`;
const unknownNodeWorkflow: WorkflowJson = {
	name: 'A node type n8n does not know',
	nodes: [{ id: randomUUID(), name: 'Not installed', type: UNKNOWN_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
	settings: {},
};

/** Empty credentials for every credential a workflow refers to, so it imports as a user's would. */
function placeholderCredentials(workflows: WorkflowJson[]): CredentialSeed[] {
	const seeds = new Map<string, CredentialSeed>();
	for (const node of workflows.flatMap((workflow) => workflow.nodes)) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			if (!reference.id) throw new Error(`node "${node.name}" refers to its ${type} credential without an id`);
			seeds.set(reference.id, { id: reference.id, name: reference.name, type, data: {} });
		}
	}
	return [...seeds.values()];
}

describe('the n8n editor in Chromium with this package installed', () => {
	const owner: OwnerAccount = {
		email: 'owner@n8n-nodes-mcp-devops.test',
		firstName: 'Browser',
		lastName: 'Test',
		password: `Owner-${randomUUID().slice(0, 8)}-9`,
	};
	let n8n: N8nInstance | undefined;
	let editor: EditorBrowser | undefined;
	let packageNodes: PackageNode[] = [];
	let packageWorkflowId = '';
	let unknownWorkflowId = '';
	let shipped: { file: string; id: string; workflow: WorkflowJson }[] = [];
	const page = () => {
		if (!editor) throw new Error('the browser did not start');
		return editor.page;
	};

	beforeAll(async () => {
		const executablePath = await ensureChromium({ log: progress });
		packageNodes = await Promise.all(
			manifest.n8n.nodes.map(async (file) => ({
				file,
				description: (await loadBuiltClass<{ description: INodeTypeDescription }>(file, '.node.js')).description,
			})),
		);
		const shippedWorkflows = await Promise.all(
			SHIPPED_WORKFLOWS.map(async (file) => JSON.parse(await readFile(file, 'utf8')) as WorkflowJson),
		);
		const ownWorkflows = [packageNodesWorkflow(packageNodes), unknownNodeWorkflow];
		n8n = await startN8n({
			packageDir: repoRoot,
			workflows: [...ownWorkflows, ...shippedWorkflows],
			credentials: placeholderCredentials(shippedWorkflows),
			// The editor needs them saved, not active (that would need working credentials).
			publish: false,
			log: progress,
		});
		// startN8n reports the imported workflows in the order it was given them.
		const ids = n8n.workflows.map((workflow) => workflow.id);
		[packageWorkflowId, unknownWorkflowId] = ids;
		shipped = SHIPPED_WORKFLOWS.map((file, index) => ({ file, id: ids[ownWorkflows.length + index], workflow: shippedWorkflows[index] }));
		editor = await launchEditorBrowser({ executablePath, baseUrl: n8n.baseUrl });
		await setUpOwnerInEditor(editor.page, owner);
	}, SETUP_MS);

	afterAll(async () => {
		await editor?.close();
		await n8n?.stop();
	});

	test('the owner set up on the setup screen is signed in', async () => {
		const me = await (await editorSession(page())).json<{ email: string; role: string }>('/rest/login');
		expect(me).toEqual(expect.objectContaining({ email: owner.email, role: 'global:owner' }));
	});

	test(
		'each node of the package renders as a known node with its own SVG icon, in the light and the dark theme',
		async () => {
			try {
				for (const theme of ['light', 'dark'] as const) {
					await page().emulateMedia({ colorScheme: theme });
					const renderings = await openWorkflowAndCheckNodes(page(), packageWorkflowId);
					const expected = packageNodes.map(({ description, file }) => ({
						name: nodeName(description),
						type: `${manifest.name}.${description.name}`,
						known: true,
						icon: {
							kind: 'image',
							src: `/icons/${manifest.name}/${iconPath(description.icon, theme, file)}`,
							decoded: true,
							status: 200,
							contentType: expect.stringContaining('image/svg+xml'),
						},
					}));
					expect(renderings).toEqual(expected);
					// The icon n8n serves is the file the package ships.
					for (const { description, file } of packageNodes) {
						const icon = iconPath(description.icon, theme, file);
						const served = await page().request.get(`/icons/${manifest.name}/${icon}`);
						expect((await served.body()).equals(await readFile(join(repoRoot, icon)))).toBe(true);
					}
				}
			} finally {
				// The other tests expect the light icons.
				await page().emulateMedia({ colorScheme: 'light' });
			}
		},
		BROWSER_STEP_MS,
	);

	test(
		"a node type n8n does not know renders as its not-installed placeholder, which the node check rejects",
		async () => {
			const renderings = await openWorkflowAndReadNodes(page(), unknownWorkflowId);
			expect(renderings).toEqual([{ name: 'Not installed', type: UNKNOWN_NODE_TYPE, known: false, icon: { kind: 'placeholder' } }]);
			expect(() => assertNodesRender(renderings, 'the control workflow')).toThrow(
				`"Not installed" (${UNKNOWN_NODE_TYPE}) renders as a node n8n does not know`,
			);
		},
		BROWSER_STEP_MS,
	);

	test.each(manifest.n8n.credentials)(
		'the credential form of %s opens from "Create credential" with its fields and icon',
		async (file) => {
			const type = await loadBuiltClass<ICredentialType>(file, '.credentials.js');
			const form = await openNewCredentialForm(page(), type.displayName);

			// The fields n8n shows for a new credential: those whose display conditions the defaults meet,
			// among ours and the domain restriction n8n adds to credentials that authenticate requests.
			const properties = injectDomainRestrictionFields(type);
			const defaults = Object.fromEntries(properties.map((property) => [property.name, property.default])) as INodeParameters;
			const shown = properties.filter(
				(property) => property.type !== 'hidden' && NodeHelpers.displayParameter(defaults, property, null, null),
			);
			expect(shown.length).toBeGreaterThan(0);
			expect(form).toEqual({
				typeLabel: type.displayName,
				icon: {
					kind: 'image',
					src: `/icons/${manifest.name}/${iconPath(type.icon as IconValue, 'light', file)}`,
					decoded: true,
					status: 200,
					contentType: expect.stringContaining('image/svg+xml'),
				},
				fields: shown.map((property) => ({ name: property.name, label: property.displayName, hasInput: true })),
			});
		},
		BROWSER_STEP_MS,
	);

	test(
		'each workflow in workflows/ opens with every node known and its icon',
		async () => {
			if (shipped.length === 0) throw new Error('no shipped workflows in workflows/ yet');
			const failures: string[] = [];
			for (const { file, id, workflow } of shipped) {
				try {
					const renderings =
						process.env.UPDATE_SCREENSHOTS === '1'
							? await screenshotWorkflow(page(), id, join(screenshotsDir, `${basename(file, '.json')}.png`))
							: await openWorkflowAndCheckNodes(page(), id);
					const drawn = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => node.name);
					expect(renderings.map((rendering) => rendering.name).sort()).toEqual(drawn.sort());
				} catch (error) {
					failures.push(`${basename(file)}: ${(error as Error).message}`);
				}
			}
			expect(failures).toEqual([]);
		},
		BROWSER_STEP_MS * Math.max(1, SHIPPED_WORKFLOWS.length),
	);
});
