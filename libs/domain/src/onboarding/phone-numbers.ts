/**
 * Mainland China numbers as a bureau writes them in its lists: a mobile (11 digits, 1[3-9]…), or a landline
 * with its area code (0xx or 0xxx, then 7 or 8 digits, a hyphen or space allowed after the area code).
 * Spaces and hyphens inside a mobile and a leading +86 / 86 are tolerated.
 */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}[- ]?\d{7,8}$/;

function withoutCountryCode(phone: string): string {
  return phone.trim().replace(/^(?:\+86|0086)[- ]?/, '');
}

export function isMainlandMobile(phone: string): boolean {
  return MOBILE.test(withoutCountryCode(phone).replace(/[- ]/g, ''));
}

/** A unit's duty line (值班电话): a mobile or a landline. */
export function isMainlandPhone(phone: string): boolean {
  const local = withoutCountryCode(phone);
  return isMainlandMobile(local) || LANDLINE.test(local);
}
