import { parseCapDateTime } from './datetime';
import { CapDateTime, CapError, CapParseOptions, CapVersion, CapWarning } from './types';
import { LineIndex, XmlElement } from './xml';

/*
 * Reading one alert's elements: where each problem is reported (pointer, alert, source position) and the
 * typed accessors of an element's CAP children. parse-cap.ts says what a CAP alert holds; this says how
 * any of its elements is read.
 */

/** Collects problems for one alert, each with pointer, alert index and source position. */
export class AlertContext {
  readonly warnings: CapWarning[] = [];
  errorCount = 0;

  constructor(
    readonly alertIndex: number,
    readonly namespace: string,
    readonly version: CapVersion,
    private readonly lines: LineIndex,
    private readonly errors: CapError[],
    readonly dates?: CapParseOptions['dates'],
    /** The national platform's forms apply: no namespace, or its own elements in a CAP namespace. */
    readonly national = version === 'profile-cn',
  ) {}

  error(message: string, pointer: string, at: XmlElement): void {
    this.errorCount++;
    this.errors.push({ message, ...this.lines.locate(at.start), pointer, alertIndex: this.alertIndex });
  }

  warn(message: string, pointer: string, at: XmlElement): void {
    this.warnings.push({ message, ...this.lines.locate(at.start), pointer });
  }
}

export interface Located {
  element: XmlElement;
  pointer: string;
}

export type Presence = 'optional' | 'required' | 'present';

/** The CAP children of one element, grouped by local name, with typed accessors that report problems. */
export class Children {
  private readonly groups = new Map<string, XmlElement[]>();
  private readonly reportedDuplicates = new Set<string>();

  constructor(
    private readonly ctx: AlertContext,
    readonly element: XmlElement,
    readonly pointer: string,
    known: readonly string[],
  ) {
    for (const child of element.children) {
      // Elements of other namespaces are extensions (e.g. an XML Signature) and are left alone.
      if (child.ns !== ctx.namespace && child.ns !== '') continue;
      if (!known.includes(child.local)) {
        ctx.warn(
          `unknown element <${child.qname}> in <${element.local}> ignored`,
          `${pointer}/${child.local}`,
          child,
        );
        continue;
      }
      if (child.ns !== ctx.namespace) {
        ctx.warn(
          `<${child.qname}> is not in the CAP namespace; read as CAP`,
          `${pointer}/${child.local}`,
          child,
        );
      }
      const group = this.groups.get(child.local);
      if (group) group.push(child);
      else this.groups.set(child.local, [child]);
    }
    if (element.text.trim() !== '') {
      ctx.warn(`text directly inside <${element.local}> ignored`, pointer, element);
    }
  }

  all(name: string): Located[] {
    return (this.groups.get(name) ?? []).map((element, index) => ({
      element,
      pointer: `${this.pointer}/${name}/${index}`,
    }));
  }

  one(name: string, presence: Presence = 'optional'): Located | undefined {
    const found = this.groups.get(name) ?? [];
    const pointer = `${this.pointer}/${name}`;
    if (found.length === 0) {
      if (presence !== 'optional') {
        this.ctx.error(`required element <${name}> is missing`, pointer, this.element);
      }
      return undefined;
    }
    if (!this.reportedDuplicates.has(name)) {
      this.reportedDuplicates.add(name);
      found.slice(1).forEach((extra, index) => {
        this.ctx.error(`<${name}> may appear only once`, `${pointer}/${index + 1}`, extra);
      });
    }
    return { element: found[0], pointer };
  }

  /** Text of a single element: `undefined` when absent, `''` when empty; errors when required and empty. */
  text(name: string, presence: Presence = 'optional'): string | undefined {
    const located = this.one(name, presence);
    if (!located) return undefined;
    const value = textOf(this.ctx, located);
    if (value === '' && presence === 'required' && located.element.children.length === 0) {
      this.ctx.error(`required element <${name}> is empty`, located.pointer, located.element);
    }
    return value;
  }

  enumeration<T extends string>(
    name: string,
    allowed: readonly T[],
    presence: Presence = 'optional',
  ): T | undefined {
    const located = this.one(name, presence);
    return located ? enumerationOf(this.ctx, located, name, allowed) : undefined;
  }

  dateTime(name: string, presence: Presence = 'optional'): CapDateTime | undefined {
    const located = this.one(name, presence);
    return located ? dateTimeOf(this.ctx, located) : undefined;
  }

  number(name: string, pattern: RegExp, what: string): number | undefined {
    const located = this.one(name);
    if (!located) return undefined;
    const value = textOf(this.ctx, located);
    if (!pattern.test(value)) {
      this.ctx.error(`<${name}> "${value}" is not ${what}`, located.pointer, located.element);
      return undefined;
    }
    return Number(value);
  }
}

export const XML_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

export function textOf(ctx: AlertContext, { element, pointer }: Located): string {
  if (element.children.length > 0) {
    ctx.error(
      `<${element.local}> must contain only text, found <${element.children[0].qname}>`,
      pointer,
      element.children[0],
    );
  }
  return element.text.replace(XML_SPACE, '');
}

export function enumerationOf<T extends string>(
  ctx: AlertContext,
  located: Located,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = textOf(ctx, located);
  if ((allowed as readonly string[]).includes(value)) return value as T;
  ctx.error(
    value === ''
      ? `<${name}> is empty; expected one of ${allowed.join(', ')}`
      : `<${name}> "${value}" is not one of ${allowed.join(', ')}`,
    located.pointer,
    located.element,
  );
  return undefined;
}

export function dateTimeOf(ctx: AlertContext, located: Located): CapDateTime | undefined {
  const parsed = parseCapDateTime(textOf(ctx, located), ctx.national);
  if (!parsed.ok) {
    ctx.error(`<${located.element.local}>: ${parsed.message}`, located.pointer, located.element);
    return undefined;
  }
  for (const note of parsed.notes)
    ctx.warn(`<${located.element.local}>: ${note}`, located.pointer, located.element);
  const isSent = located.element.local === 'sent' || located.element.local === 'sendTime';
  const outside = outsideDates(ctx, parsed.value.date, isSent);
  if (outside) {
    ctx.error(
      `<${located.element.local}> ${parsed.value.value}: ${outside}`,
      located.pointer,
      located.element,
    );
    return undefined;
  }
  return parsed.value;
}

/** Why a date is outside the receiver's window (`CapParseOptions.dates`), or undefined. */
export function outsideDates(ctx: AlertContext, date: Date, isSent: boolean): string | undefined {
  if (!ctx.dates) return undefined;
  if (date.getTime() < ctx.dates.earliest.getTime()) {
    return `日期早于 ${ctx.dates.earliest.toISOString()} date before ${ctx.dates.earliest.toISOString()}, the earliest accepted`;
  }
  if (isSent && date.getTime() > ctx.dates.latestSent.getTime()) {
    return `发送时间晚于 ${ctx.dates.latestSent.toISOString()} sent after ${ctx.dates.latestSent.toISOString()}, the latest accepted`;
  }
  return undefined;
}
