import { CapError, CapLimits } from './types';

/**
 * Generous for real feeds: an IPAWS alert may name 4,000 areas (~20,000 elements, 450 KB); a wrapper here
 * holds 17 alerts; a language is one info. Small enough to refuse junk such as 7,000 infos at once, and to
 * bound the work and memory of the worst accepted document (it is parsed off the event loop, CapParsing).
 */
export const DEFAULT_CAP_LIMITS: CapLimits = {
  elements: 25_000,
  perName: {
    alert: 100,
    info: 200,
    area: 5_000,
    polygon: 5_000,
    circle: 5_000,
    geocode: 10_000,
    parameter: 2_000,
    eventCode: 1_000,
    resource: 200,
    responseType: 1_000,
    category: 1_000,
  },
  pointsPerPolygon: 5_000,
  points: 50_000,
};

const START_TAG = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/g;
const POLYGON = /<(?:[A-Za-z_][\w.-]*:)?polygon\b[^>]*>([^<]*)</g;

/**
 * Counts start tags (comments and CDATA included: over-counting only refuses sooner) and polygon pairs in
 * one pass of regular expressions, before the document is parsed: ~1 ms a megabyte. Answers the bounds
 * the document breaks, each naming the element, the count and the limit.
 */
export function exceededLimits(text: string, limits: CapLimits): CapError[] {
  const counts = new Map<string, number>();
  let elements = 0;
  for (const match of text.matchAll(START_TAG)) {
    elements++;
    const name = match[2];
    if (name in limits.perName) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const errors: CapError[] = [];
  if (elements > limits.elements) {
    errors.push({
      message: `${elements} elements in the document, at most ${limits.elements} allowed`,
      pointer: '/',
    });
  }
  for (const [name, count] of counts) {
    const limit = limits.perName[name];
    if (count > limit) {
      errors.push({
        message: `${count} <${name}> elements in the document, at most ${limit} allowed`,
        pointer: '/',
      });
    }
  }
  let points = 0;
  let longest = 0;
  for (const match of text.matchAll(POLYGON)) {
    const pairs = match[1].trim() === '' ? 0 : match[1].trim().split(/\s+/).length;
    points += pairs;
    longest = Math.max(longest, pairs);
  }
  if (longest > limits.pointsPerPolygon) {
    errors.push({
      message: `a <polygon> of ${longest} coordinate pairs, at most ${limits.pointsPerPolygon} allowed`,
      pointer: '/',
    });
  }
  if (points > limits.points) {
    errors.push({
      message: `${points} polygon coordinate pairs in the document, at most ${limits.points} allowed`,
      pointer: '/',
    });
  }
  return errors;
}
