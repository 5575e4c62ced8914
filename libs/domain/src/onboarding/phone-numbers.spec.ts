import { isMainlandMobile, isMainlandPhone } from './phone-numbers';

describe('mainland phone numbers', () => {
  it.each(['13800001000', '139 0000 1234', '+86 13800001000', '0086-15912345678'])(
    'takes the mobile %s',
    (n) => {
      expect(isMainlandMobile(n)).toBe(true);
      expect(isMainlandPhone(n)).toBe(true);
    },
  );

  it.each(['0827-5260001', '08275260001', '010 12345678'])(
    'takes the landline %s as a duty line only',
    (n) => {
      expect(isMainlandPhone(n)).toBe(true);
      expect(isMainlandMobile(n)).toBe(false);
    },
  );

  it.each(['12345678', '12800001000', '1380000100', '+1 415 555 0100', '110', '', '0827-52600'])(
    'refuses %s',
    (n) => {
      expect(isMainlandPhone(n)).toBe(false);
      expect(isMainlandMobile(n)).toBe(false);
    },
  );
});
