import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import i18n from 'i18next';
import { api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import { macrosKey, type Macro } from '../macros/macroApi.ts';

/**
 * Canned responses were kept in this browser's localStorage (`kefu.canned`) before macros lived on
 * the server. On the first visit to the console after the upgrade they are moved, once, into the
 * agent's personal macros (placeholders `{requester}`/`{agent}` rewritten), then removed from the
 * browser; a notice says how many moved. An item already there with the same name and text is not
 * created twice (the same agent on two browsers). Storage is cleared only of what was moved: a
 * failed create keeps the rest for the next visit.
 */
export interface Canned {
  id: string;
  title: string;
  body: string;
}
const KEY = 'kefu.canned';
const NOTICE = 'kefu.canned.moved';

export function readCanned(): Canned[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return Array.isArray(v) ? v.filter((c): c is Canned => !!c && typeof c.title === 'string' && typeof c.body === 'string') : [];
  } catch {
    return [];
  }
}

/** `{requester}` and `{agent}` in the macro placeholders. */
export const cannedToMacroBody = (body: string) =>
  body.replace(/\{requester\}/g, '{{requester.name}}').replace(/\{agent\}/g, '{{agent.name}}');

let running: Promise<number> | null = null;

/** Moves the stored canned responses to personal macros; answers how many moved (0: nothing to do). */
export function migrateCanned(): Promise<number> {
  running ??= (async () => {
    let raw: string | null = null;
    try {
      raw = localStorage.getItem(KEY);
    } catch {
      return 0;
    }
    if (raw === null) return 0;
    const items = readCanned();
    const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
    const have = (await api.get<{ data: Macro[] }>('/macros')).data.filter((m) => !m.shared);
    let moved = 0;
    const left: Canned[] = [];
    for (const c of items) {
      const name = c.title.trim().slice(0, 200) || c.body.trim().slice(0, 40) || '—';
      const body = cannedToMacroBody(c.body).slice(0, 20_000);
      if (have.some((m) => m.name === name && m.body[lang] === body)) {
        moved++;
        continue;
      }
      try {
        await api.post('/macros', { name, body: { [lang]: body } });
        moved++;
      } catch {
        left.push(c);
      }
    }
    try {
      if (left.length) localStorage.setItem(KEY, JSON.stringify(left));
      else localStorage.removeItem(KEY);
      if (moved) localStorage.setItem(NOTICE, String(moved + Number(localStorage.getItem(NOTICE) ?? 0)));
    } catch {
      /* storage blocked */
    }
    return moved;
  })().finally(() => {
    running = null;
  });
  return running;
}

/** Runs the move for agents and admins; answers the notice to show (how many moved) and how to dismiss it. */
export function useCannedMigration(): { moved: number; dismiss: () => void } {
  const me = useMe().data;
  const qc = useQueryClient();
  const staff = me?.role === 'agent' || me?.role === 'admin';
  const stored = () => {
    try {
      return Number(localStorage.getItem(NOTICE) ?? 0);
    } catch {
      return 0;
    }
  };
  const [moved, setMoved] = useState(stored);
  useEffect(() => {
    if (!staff || me?.id == null) return;
    let live = true;
    void migrateCanned()
      .then((n) => {
        if (n) void qc.invalidateQueries({ queryKey: macrosKey });
        if (live) setMoved(stored());
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [staff, me?.id, qc]);
  return {
    moved,
    dismiss: () => {
      try {
        localStorage.removeItem(NOTICE);
      } catch {
        /* blocked */
      }
      setMoved(0);
    },
  };
}
