/** Milliseconds since the epoch, with sub-millisecond resolution (comparable across the bench's records). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
