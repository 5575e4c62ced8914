import { toPointer } from './validation';

/**
 * Text PostgreSQL cannot store: U+0000 (refused by text and jsonb alike) and a UTF-16 surrogate without
 * its partner (jsonb refuses the `\ud800` escape JSON.stringify writes for it).
 */
export interface UnstorableText {
  pointer: string;
  problem: 'nul' | 'lone_surrogate';
  /** Chinese first, English beside, as every refusal reads. */
  message: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemOf(text: string): UnstorableText['problem'] | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return undefined;
}

const MESSAGES: Record<UnstorableText['problem'], string> = {
  nul: '文本不能包含空字符 text may not contain the NUL character (U+0000)',
  lone_surrogate: '文本含有不成对的代理字符 text holds a lone UTF-16 surrogate (not a Unicode character)',
};

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

function pathOf(visit: Visit, last?: string): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) path.push(v.key);
  return path.reverse();
}

/**
 * The first string or key in a parsed JSON value that cannot be stored, with its JSON pointer; else undefined.
 * Walks with its own stack and parent links: deeply nested junk neither overflows the call stack nor costs
 * a copied path per value.
 */
export function findUnstorableText(root: unknown): UnstorableText | undefined {
  const pending: Visit[] = [{ value: root }];
  while (pending.length) {
    const visit = pending.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      const problem = problemOf(value);
      if (problem) return { pointer: toPointer(pathOf(visit)), problem, message: MESSAGES[problem] };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], key: i, parent: visit });
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      for (const key of keys) {
        const problem = problemOf(key);
        // A bad key is named by its escaped spelling: the key itself cannot be shown.
        if (problem) {
          const shown = JSON.stringify(key).slice(1, -1);
          return { pointer: toPointer(pathOf(visit, shown)), problem, message: MESSAGES[problem] };
        }
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        pending.push({ value: (value as Record<string, unknown>)[keys[i]], key: keys[i], parent: visit });
      }
    }
  }
  return undefined;
}
