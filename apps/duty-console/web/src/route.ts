/** The console's screens, addressed by path (the server answers every such path with the page). */
export type Route =
  | { screen: 'tasks' }
  | { screen: 'incident'; id: string }
  | { screen: 'overview' }
  | { screen: 'map' }
  | { screen: 'password' }
  | { screen: 'home' };

export function routeOf(path: string): Route {
  const incident = /^\/incidents\/([0-9a-fA-F-]{36})\/?$/.exec(path);
  if (incident) return { screen: 'incident', id: incident[1].toLowerCase() };
  if (path === '/tasks' || path === '/tasks/') return { screen: 'tasks' };
  if (path === '/overview' || path === '/overview/') return { screen: 'overview' };
  if (path === '/map' || path === '/map/') return { screen: 'map' };
  if (path === '/password' || path === '/password/') return { screen: 'password' };
  return { screen: 'home' };
}
