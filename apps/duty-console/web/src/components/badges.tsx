import type { Level, TaskStatus, Tier } from '../api/types';
import { t } from '../i18n/i18n';

export function TierBadge({ tier }: { tier: Tier }) {
  return <span class={`badge tier-${tier}`}>{t(`tier.${tier}`)}</span>;
}

export function levelText(level: Level): string {
  return level ? t(`level.${level}`) : t('level.none');
}

export function StatusBadge({ status }: { status: TaskStatus }) {
  return <span class={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}
