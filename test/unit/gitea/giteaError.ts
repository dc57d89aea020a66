/** The GiteaError a call fails with, for assertions on its code, field and message. */
import { GiteaError } from '../../../nodes/shared/gitea';

function asGiteaError(error: unknown): GiteaError {
	if (error instanceof GiteaError) return error;
	throw error;
}

export function thrownBy(run: () => unknown): GiteaError {
	try {
		run();
	} catch (error) {
		return asGiteaError(error);
	}
	throw new Error('expected a GiteaError');
}

export async function failure(promise: Promise<unknown>): Promise<GiteaError> {
	try {
		await promise;
	} catch (error) {
		return asGiteaError(error);
	}
	throw new Error('expected a GiteaError');
}
