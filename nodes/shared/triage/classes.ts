/** Failure classes: the Kubernetes pod classes k8sgpt knows, and the build/test classes of CI logs. */
export const FAILURE_CLASSES = [
	'crash_loop_backoff',
	'oom_killed',
	'image_pull',
	'config_error',
	'unschedulable',
	'evicted',
	'probe_failure',
	'dependency_resolution',
	'compile_error',
	'test_failure',
	'container_build',
	'registry_auth',
	'git_auth',
	'disk_space',
	'network',
	'permission_denied',
	'missing_config',
	'timeout',
	'lint',
	'runtime_crash',
	'unknown',
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface ClassAdvice {
	title: string;
	/** What this class of failure usually means. */
	summary: string;
	fixes: string[];
}

export const CLASS_ADVICE: Record<FailureClass, ClassAdvice> = {
	crash_loop_backoff: {
		title: 'Crash loop',
		summary: 'The container starts and exits again and again; Kubernetes is backing off between restarts.',
		fixes: [
			'Read the previous container log (the crash before the restart), not only the current one.',
			'Check the command, arguments and required environment of the container.',
			'Check liveness probes that may kill a slow-starting process.',
		],
	},
	oom_killed: {
		title: 'Out of memory',
		summary: 'The container used more memory than its limit and the kernel killed it (exit code 137, OOMKilled).',
		fixes: [
			'Raise the memory limit of the container (resources.limits.memory) or of the Tekton step (computeResources).',
			'Cap the runtime heap below the limit (for example NODE_OPTIONS=--max-old-space-size, -Xmx, GOMEMLIMIT).',
			'Reduce build parallelism (make -j, jest --maxWorkers, gradle --max-workers).',
		],
	},
	image_pull: {
		title: 'Image pull failure',
		summary: 'The node could not pull the container image: wrong name or tag, missing image, or missing pull credentials.',
		fixes: [
			'Check the image reference (registry, repository, tag or digest) for typos and that it was pushed.',
			'Add or fix imagePullSecrets on the pod or its service account for private registries.',
			'Check that the node can reach the registry (proxy, firewall, DNS).',
		],
	},
	config_error: {
		title: 'Container configuration error',
		summary: 'Kubernetes could not create the container: a referenced Secret, ConfigMap or key does not exist.',
		fixes: [
			'Create the missing Secret or ConfigMap in the pod’s namespace, or fix its name.',
			'Check that every key referenced by secretKeyRef / configMapKeyRef exists.',
		],
	},
	unschedulable: {
		title: 'Unschedulable pod',
		summary: 'No node can run the pod: resources, node selectors, affinity or taints rule every node out.',
		fixes: [
			'Lower the pod’s resource requests or add capacity to the cluster.',
			'Check nodeSelector, affinity and tolerations against the nodes’ labels and taints.',
			'Check that PersistentVolumeClaims can bind in the pod’s zone.',
		],
	},
	evicted: {
		title: 'Evicted pod',
		summary: 'The kubelet evicted the pod because the node ran short of a resource (usually ephemeral storage or memory).',
		fixes: [
			'Set ephemeral-storage requests and limits, and clean up workspace files during the run.',
			'Use a PVC-backed workspace for large builds instead of emptyDir on the node disk.',
		],
	},
	probe_failure: {
		title: 'Probe failure',
		summary: 'A liveness, readiness or startup probe failed, so the container was restarted or kept out of service.',
		fixes: [
			'Check that the probe’s path and port match what the application serves.',
			'Give slow starters a startupProbe or a larger initialDelaySeconds / failureThreshold.',
		],
	},
	dependency_resolution: {
		title: 'Dependency resolution failure',
		summary: 'The build could not resolve or download a dependency: a version that does not exist, a conflict, or an unreachable registry.',
		fixes: [
			'Check the named package and version exist in the registry the build uses (mirror, proxy, private registry).',
			'Resolve version conflicts in the manifest and commit an updated lock file.',
			'For a private registry, check the credentials the pipeline mounts (.npmrc, settings.xml, pip.conf).',
		],
	},
	compile_error: {
		title: 'Compile error',
		summary: 'The code does not compile: the compiler reported an error in a source file.',
		fixes: [
			'Fix the reported file and line; reproduce locally with the same compiler version as the pipeline image.',
			'Check that generated code and dependency versions match the lock file.',
		],
	},
	test_failure: {
		title: 'Test failure',
		summary: 'The tests ran and at least one failed.',
		fixes: [
			'Read the first failing test and its assertion; rerun it locally.',
			'If it fails only in CI, check for time zone, locale, ordering or network assumptions.',
		],
	},
	container_build: {
		title: 'Container build failure',
		summary: 'Building the container image failed (Dockerfile step, Kaniko or Buildah).',
		fixes: [
			'Read the output of the failing build step above the summary line; run the same step locally.',
			'Check that files copied by COPY/ADD exist in the build context and are not excluded by .dockerignore.',
			'Check the base image reference and that the builder can pull it.',
		],
	},
	registry_auth: {
		title: 'Registry authentication failure',
		summary: 'The container registry refused the pipeline’s credentials for a pull or push.',
		fixes: [
			'Check the docker config secret mounted into the build (kaniko: /kaniko/.docker/config.json).',
			'Check the robot/service account has push rights to this repository and the token has not expired.',
			'Check the image reference names the registry the credentials are for.',
		],
	},
	git_auth: {
		title: 'Git authentication failure',
		summary: 'Cloning or fetching the repository was refused: missing, wrong or expired Git credentials.',
		fixes: [
			'Check the basic-auth or SSH secret attached to the pipeline’s service account (tekton.dev/git-* annotation).',
			'For SSH, add the Git host to known_hosts; for HTTPS tokens, check scope and expiry.',
		],
	},
	disk_space: {
		title: 'Out of disk space',
		summary: 'A write failed because the disk or volume is full.',
		fixes: [
			'Increase the workspace volume size or the node’s ephemeral storage.',
			'Clean caches and build outputs between steps; prune images on the build node.',
		],
	},
	network: {
		title: 'Network, DNS or TLS failure',
		summary: 'A connection failed: a host name did not resolve, a connection was refused or timed out, or a TLS certificate was not trusted.',
		fixes: [
			'Check the host name and that the pod can resolve and reach it (cluster DNS, egress policy, proxy settings).',
			'For x509 errors, mount the internal CA bundle into the step (or configure the tool to trust it).',
			'Retry transient failures with backoff, or use a mirror inside the cluster.',
		],
	},
	permission_denied: {
		title: 'Permission denied',
		summary: 'A file or operation was not permitted for the user the step runs as.',
		fixes: [
			'On OpenShift, steps run as a random UID: make directories group-writable (chgrp 0, chmod g=u) or write to $HOME / the workspace.',
			'Check the securityContext (runAsUser, fsGroup) and the ownership of mounted volumes.',
		],
	},
	missing_config: {
		title: 'Missing configuration',
		summary: 'A required setting, environment variable, file or secret value was not provided.',
		fixes: [
			'Provide the named variable or file to the step (env, envFrom, a mounted Secret or ConfigMap).',
			'Check the pipeline parameters and workspaces passed to the task.',
		],
	},
	timeout: {
		title: 'Timeout',
		summary: 'A step, task or operation ran out of time.',
		fixes: [
			'Find what was slow (a hung test, a network wait) before raising the timeout.',
			'Raise the TaskRun/PipelineRun timeout (spec.timeouts) if the work is legitimately long.',
		],
	},
	lint: {
		title: 'Lint failure',
		summary: 'A linter or formatter reported problems and failed the step.',
		fixes: ['Run the same linter locally with the repository’s configuration and fix the reported lines.'],
	},
	runtime_crash: {
		title: 'Runtime crash',
		summary: 'The program crashed with an unhandled exception, panic or signal.',
		fixes: [
			'Read the exception and the first stack frame in your own code.',
			'Check inputs and configuration the program reads at start-up.',
		],
	},
	unknown: {
		title: 'Failure',
		summary: 'The step failed without an error this analyser recognises.',
		fixes: ['Read the log excerpt below; the exit code and the last lines usually point to the failing command.'],
	},
};
