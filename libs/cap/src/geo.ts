import { CapCircle, CapPoint } from './types';

/**
 * CAP 1.2 section 3.2.4: a polygon is a whitespace-delimited list of WGS 84 `latitude,longitude` pairs,
 * at least 4 pairs, first equal to last; a circle is `latitude,longitude radius` with the radius in
 * kilometres. Signs (`+` or `-`) on numbers are legal: `+41.12,-117.61`.
 */

const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const PAIR = new RegExp(`^(${NUMBER}),(${NUMBER})$`);
const CIRCLE = new RegExp(`^(${NUMBER}),(${NUMBER})\\s+(${NUMBER})$`);
const MAX_REPORTED = 5;

export type GeoResult<T> = { ok: true; value: T } | { ok: false; messages: string[] };

function rangeProblem(point: CapPoint, what: string): string | undefined {
  if (point.lat < -90 || point.lat > 90) return `${what}: latitude ${point.lat} is outside [-90, 90]`;
  if (point.lon < -180 || point.lon > 180) return `${what}: longitude ${point.lon} is outside [-180, 180]`;
  return undefined;
}

export function parsePolygon(text: string): GeoResult<CapPoint[]> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {
      ok: false,
      messages: ['polygon is empty (CAP requires at least 4 "lat,lon" pairs, first equal to last)'],
    };
  }
  const tokens = trimmed.split(/\s+/);
  const points: CapPoint[] = [];
  const messages: string[] = [];
  let skipped = 0;
  const report = (message: string): void => {
    if (messages.length < MAX_REPORTED) messages.push(message);
    else skipped++;
  };
  tokens.forEach((token, index) => {
    const match = PAIR.exec(token);
    if (!match) {
      report(`polygon pair ${index + 1} "${token}" is not "lat,lon"`);
      return;
    }
    const point = { lat: Number(match[1]), lon: Number(match[2]) };
    const problem = rangeProblem(point, `polygon pair ${index + 1} "${token}"`);
    if (problem) report(problem);
    points.push(point);
  });
  if (tokens.length < 4) {
    report(`polygon has ${tokens.length} coordinate pair(s); CAP requires at least 4`);
  }
  if (messages.length === 0 && skipped === 0) {
    const first = points[0];
    const last = points[points.length - 1];
    if (first.lat !== last.lat || first.lon !== last.lon) {
      report(
        `polygon is not closed: first pair ${tokens[0]} differs from last pair ${tokens[tokens.length - 1]}`,
      );
    }
  }
  if (skipped > 0) messages.push(`... and ${skipped} more problem(s) in this polygon`);
  return messages.length > 0 ? { ok: false, messages } : { ok: true, value: points };
}

export function parseCircle(text: string): GeoResult<CapCircle> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, messages: ['circle is empty (CAP requires "lat,lon radius")'] };
  }
  const match = CIRCLE.exec(trimmed);
  if (!match) {
    return { ok: false, messages: [`circle "${trimmed}" is not "lat,lon radius" (radius in km)`] };
  }
  const center = { lat: Number(match[1]), lon: Number(match[2]) };
  const radiusKm = Number(match[3]);
  const messages: string[] = [];
  const problem = rangeProblem(center, `circle centre "${match[1]},${match[2]}"`);
  if (problem) messages.push(problem);
  if (radiusKm < 0) messages.push(`circle radius ${match[3]} is negative`);
  return messages.length > 0 ? { ok: false, messages } : { ok: true, value: { center, radiusKm } };
}
