import type { ResponseTimesFigures, ResponseTimesQuery } from './response-times';

/** The response-time report's storage: counts and histograms for a query, never raw rows. */
export interface ResponseTimesReadModel {
  figures(query: ResponseTimesQuery): Promise<ResponseTimesFigures>;
}

export const RESPONSE_TIMES_READ_MODEL = Symbol('ResponseTimesReadModel');
