// Writes every shipped workflow from its generator: workflows/*.json and workflows/ops/*.json.
// Run: node scripts/workflows/all.mjs [output folder] (default: workflows/; a folder elsewhere gets
// the same layout, which is how the tests compare the generators with the committed files).
import { join } from 'node:path';
import { isMainModule, WORKFLOWS_DIR, writeWorkflow } from './builder.mjs';
import { buildClusterHealthReport } from './cluster-health-report.mjs';
import { buildPipelineFailureReport } from './pipeline-failure-report.mjs';
import { buildClusterAssistant } from './ops-cluster-assistant.mjs';
import { buildDeploymentReview } from './ops-deployment-review.mjs';
import { buildWorkflow, OPS_WORKFLOWS } from './ops-library.mjs';

/** Every shipped workflow, by its path under workflows/. */
export function allWorkflows() {
	return [
		['cluster-health-report.json', buildClusterHealthReport()],
		['pipeline-failure-report.json', buildPipelineFailureReport()],
		['ops/cluster-assistant.json', buildClusterAssistant()],
		['ops/deployment-review.json', buildDeploymentReview()],
		...OPS_WORKFLOWS.map((spec) => [`ops/${spec.slug}.json`, buildWorkflow(spec)]),
	];
}

if (isMainModule(import.meta.url)) {
	const folder = process.argv[2] ?? WORKFLOWS_DIR;
	for (const [path, workflow] of allWorkflows()) writeWorkflow(join(folder, path), workflow);
}
