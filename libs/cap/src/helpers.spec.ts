import { capMsgTypeEffect, capStatusEffect, pickInfo } from './helpers';
import { alertXml, infoXml, parseOk } from './test-support';

const alertWith = (...languages: (string | undefined)[]) =>
  parseOk(alertXml({ infos: languages.map((language, i) => infoXml({ language, event: `E${i}` })) }))[0];

describe('pickInfo', () => {
  it('prefers zh-CN, then any zh-*, then en-US / en, then the first', () => {
    expect(pickInfo(alertWith('en-US', 'zh-TW', 'zh-CN'))?.language).toBe('zh-CN');
    expect(pickInfo(alertWith('en-US', 'zh-TW'))?.language).toBe('zh-TW');
    expect(pickInfo(alertWith('fr-CA', 'zh-Hans-CN'))?.language).toBe('zh-Hans-CN');
    expect(pickInfo(alertWith('fr-CA', 'en-GB', 'en-US'))?.language).toBe('en-US');
    expect(pickInfo(alertWith('fr-CA', 'en-GB'))?.language).toBe('en-GB');
    expect(pickInfo(alertWith('fr-CA', 'es-US'))?.language).toBe('fr-CA');
  });

  it('matches language tags without regard to letter case', () => {
    expect(pickInfo(alertWith('en-US', 'ZH-cn'))?.language).toBe('ZH-cn');
    expect(pickInfo(alertWith('en-US', 'zh-tw'))?.language).toBe('zh-tw');
  });

  it('a missing <language> counts as en-US', () => {
    const alert = alertWith('fr-CA', undefined);
    expect(pickInfo(alert)?.event).toBe('E1');
    expect(pickInfo(alert)?.languageDeclared).toBe(false);
  });

  it('takes a custom preference, and keeps every info on the alert', () => {
    const alert = alertWith('en-US', 'zh-CN', 'es-US');
    expect(pickInfo(alert, ['es-US'])?.language).toBe('es-US');
    expect(pickInfo(alert, ['es'])?.language).toBe('es-US');
    expect(pickInfo(alert, ['de'])?.language).toBe('en-US');
    expect(alert.infos).toHaveLength(3);
  });

  it('the first among equals wins; no info → undefined', () => {
    expect(pickInfo(alertWith('zh-TW', 'zh-HK'))?.event).toBe('E0');
    expect(pickInfo({ infos: [] })).toBeUndefined();
  });
});

describe('effects', () => {
  it('status', () => {
    expect(capStatusEffect({ status: 'Actual' })).toBe('dispatch');
    expect(capStatusEffect({ status: 'Exercise' })).toBe('exercise');
    expect(capStatusEffect({ status: 'Test' })).toBe('acknowledge-only');
    expect(capStatusEffect({ status: 'Draft' })).toBe('acknowledge-only');
    expect(capStatusEffect({ status: 'System' })).toBe('acknowledge-only');
  });

  it('msgType', () => {
    expect(capMsgTypeEffect({ msgType: 'Alert' })).toBe('new');
    expect(capMsgTypeEffect({ msgType: 'Update' })).toBe('amend');
    expect(capMsgTypeEffect({ msgType: 'Cancel' })).toBe('cancel');
    expect(capMsgTypeEffect({ msgType: 'Ack' })).toBe('ignore');
    expect(capMsgTypeEffect({ msgType: 'Error' })).toBe('ignore');
  });
});
