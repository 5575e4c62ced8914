import { en } from './en';
import { format } from './i18n';
import { zhCN } from './zh-CN';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the console catalogues', () => {
  it('have the same keys, Chinese first', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders in both languages for every message', () => {
    const differing = Object.keys(zhCN).filter(
      (k) =>
        JSON.stringify(placeholders(zhCN[k as keyof typeof zhCN])) !==
        JSON.stringify(placeholders(en[k as keyof typeof en])),
    );
    expect(differing).toEqual([]);
  });

  it('write the Chinese catalogue in Chinese (every message has a CJK character)', () => {
    const notChinese = Object.entries(zhCN)
      .filter(([key]) => key !== 'lang.other')
      .filter(([, text]) => !/[\u4e00-\u9fff]/.test(text) && !/^[{}\w\s·]+$/.test(text));
    expect(notChinese).toEqual([]);
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('剩余 {time}', { time: '04:59' })).toBe('剩余 04:59');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
