-- Each agent's signature for public replies, per language: {"en": "…", "zh-CN": "…"} (docs/mail-display.md).
alter table people add column signatures jsonb not null default '{}'::jsonb;
