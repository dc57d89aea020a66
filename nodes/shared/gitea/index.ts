export { GiteaClient, type GiteaConnection, type IssueListQuery, type IssueSearchQuery } from './client';
export { GiteaError, describeTarget, type GiteaErrorCode, type GiteaTarget } from './errors';
export {
	createOrComment,
	findIssuesWithFingerprint,
	type CreateOrCommentInput,
	type CreateOrCommentResult,
} from './createOrComment';
export { checkFingerprint, fingerprintMarker, fingerprintsIn, occurrencesIn } from './issue-markers';
export * from './issues';
export { DEFAULT_LABEL_COLOR, findLabel, listAvailableLabels, loadLabels, resolveLabels, type ResolvedLabels } from './labels';
export { KeyedLock, giteaLocks } from './lock';
export { GITEA_PAGE_SIZE, collectPages, parseLinkHeader, type Page } from './pagination';
export { MAX_REQUEST_BYTES, normalizeServerUrl } from './transport';
export {
	MAX_TEXT_BYTES,
	checkColor,
	checkName,
	checkTextSize,
	checkTitle,
	parseDate,
	parseIssueNumber,
	parseNameList,
	parsePositiveInteger,
} from './validation';
export { readIssueNumber, readOwner, readRepository, segmentsBelowServer, toLocator, type LocatorValue } from './locators';
