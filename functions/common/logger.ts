import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger (Powertools). Log ids, statuses and error names, never personal data
 * (names, emails, phones): those stay in the table.
 */
export const logger = new Logger({ serviceName: 'pole-workflows' });
