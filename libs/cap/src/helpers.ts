import { CapAlert, CapInfo } from './types';

/** What a CAP status means for dispatch. */
export type CapStatusEffect = 'dispatch' | 'exercise' | 'acknowledge-only';

/** What a CAP msgType does to the incident it concerns. */
export type CapMsgTypeEffect = 'new' | 'amend' | 'cancel' | 'ignore';

/** Actual → dispatch; Exercise → exercise; Test, Draft and System → acknowledge-only. */
export function capStatusEffect(alert: Pick<CapAlert, 'status'>): CapStatusEffect {
  switch (alert.status) {
    case 'Actual':
      return 'dispatch';
    case 'Exercise':
      return 'exercise';
    case 'Test':
    case 'Draft':
    case 'System':
      return 'acknowledge-only';
  }
}

/** Alert → new; Update → amend; Cancel → cancel; Ack and Error → ignore. */
export function capMsgTypeEffect(alert: Pick<CapAlert, 'msgType'>): CapMsgTypeEffect {
  switch (alert.msgType) {
    case 'Alert':
      return 'new';
    case 'Update':
      return 'amend';
    case 'Cancel':
      return 'cancel';
    case 'Ack':
    case 'Error':
      return 'ignore';
  }
}

/**
 * Chooses the info block to show. For each preferred language in turn: an exact match (letter case
 * ignored), and for a bare primary tag like `zh`, any `zh-*`; then `en-US`, `en`, any `en-*`; then the
 * first info. With the default `['zh-CN', 'zh']`: zh-CN, then any zh-* (zh-TW, zh-Hans...), then
 * English, then the first. A missing `<language>` counts as en-US (the CAP default). `undefined` when
 * the alert has no info.
 */
export function pickInfo(
  alert: Pick<CapAlert, 'infos'>,
  preferred: readonly string[] = ['zh-CN', 'zh'],
): CapInfo | undefined {
  const { infos } = alert;
  if (infos.length === 0) return undefined;
  for (const wanted of [...preferred, 'en-US', 'en']) {
    const tag = wanted.toLowerCase();
    const exact = infos.find((info) => info.language.toLowerCase() === tag);
    if (exact) return exact;
    if (!tag.includes('-')) {
      const sameLanguage = infos.find((info) => info.language.toLowerCase().startsWith(`${tag}-`));
      if (sameLanguage) return sameLanguage;
    }
  }
  return infos[0];
}
