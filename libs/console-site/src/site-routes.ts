/** Paths the API owns: the console never answers them, not even with its page. */
const API_PREFIXES = ['/api', '/health', '/metrics'];

/** Whether a path belongs to the API (`/api`, `/api/…`, `/health`, `/health/…`, `/metrics`). */
export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * Whether a request gets the console's page (index.html), the single-page app then routing on the path:
 * a GET or HEAD for a path of the app (`/`, `/tasks`, `/incidents/…`), never the API's, and never a
 * file's (a last segment with a dot: a missing asset must stay a 404, not become a page).
 */
export function servesPage(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (isApiPath(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/** One year: the longest lifetime caches honour. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * How long a browser may keep a file: the build names what is under /assets/ by a hash of its content
 * (a change is a new name), so those never change; anything else, index.html above all, is revalidated
 * on every load so that a new build reaches every console at once.
 */
export function cacheControlFor(path: string): string {
  return path.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
}
