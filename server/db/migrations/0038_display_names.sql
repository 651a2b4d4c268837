-- An SLA policy's and a calendar's name by language ({"en": …, "zh-CN": …}); `name` stays the key presets and API clients match on.
alter table sla_policies add column display_name jsonb;
alter table calendars add column display_name jsonb;
