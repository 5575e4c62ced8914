/**
 * A broken business rule, with a stable code. Mapped to an HTTP status only at the edge.
 * `kind` says what sort of failure it is, so the edge need not know every code.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  /** The caller acted on a version that has changed since (a failed If-Match): reload, then try again. */
  | 'stale'
  | 'forbidden'
  | 'unauthenticated';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
