import { setStateOperation } from './setState';

export const { description, execute } = setStateOperation('reopen', 'open');
