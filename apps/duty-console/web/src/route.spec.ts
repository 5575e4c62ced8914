import { routeOf } from './route';

describe('routeOf', () => {
  it('maps each screen path, and anything else home', () => {
    expect(routeOf('/tasks')).toEqual({ screen: 'tasks' });
    expect(routeOf('/overview')).toEqual({ screen: 'overview' });
    expect(routeOf('/map/')).toEqual({ screen: 'map' });
    expect(routeOf('/password')).toEqual({ screen: 'password' });
    expect(routeOf('/incidents/0B7A4C6E-0000-4000-8000-000000000001')).toEqual({
      screen: 'incident',
      id: '0b7a4c6e-0000-4000-8000-000000000001',
    });
    expect(routeOf('/incidents/nope')).toEqual({ screen: 'home' });
    expect(routeOf('/')).toEqual({ screen: 'home' });
  });
});
