import { chooseLocale, english as widgetEnglish, translatorFor, type Translator } from '@chat-wall/widget';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageParams } from '@chat-wall/sdk';
import type { ConsoleKey } from './en.js';
import type { LocaleChoice } from './locale.js';
import { english, loadTranslator, type ConsoleTranslator } from './translator.js';

/**
 * The console's language, one for the page: the console element sets it, and every element of the
 * console follows it through an {@linkcode I18nController}, so a change in the language picker
 * redraws them all at once.
 */

let current: ConsoleTranslator = english;
/** The widget's words for what the console draws with the widget's parts (a post's marks). */
let currentWidget: Translator = widgetEnglish;
let requested = 0;
const hosts = new Set<ReactiveControllerHost>();

/** The console's translator now. */
export function consoleTranslator(): ConsoleTranslator {
  return current;
}

/** The widget's translator in the console's language, for the widget's parts. */
export function widgetTranslator(): Translator {
  return currentWidget;
}

/**
 * Switches the console to `choice` once its catalogs (the console's and the widget's) have
 * loaded; of overlapping calls the last wins. Resolves to the translator in use.
 */
export async function setConsoleLocale(choice: LocaleChoice): Promise<ConsoleTranslator> {
  const ticket = ++requested;
  const [next, widget] = await Promise.all([loadTranslator(choice), translatorFor(chooseLocale(choice.intl))]);
  if (ticket === requested) {
    current = next;
    currentWidget = widget;
    for (const host of hosts) host.requestUpdate();
  }
  return current;
}

/** Binds an element to the console's language: it renders again when the language changes. */
export class I18nController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.host);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  /** The translator in use. */
  get tr(): ConsoleTranslator {
    return current;
  }

  /** The message `key` in the console's language. */
  t(key: ConsoleKey, params?: MessageParams): string {
    return current.t(key, params);
  }
}
