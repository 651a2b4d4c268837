-- The help center (docs/help-center.md): categories and articles in English and Chinese,
-- drafts and published, searched with the same bigram text index as tickets (adr/0002).
create table kb_categories (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,59}$' and slug <> 'articles'),
  name_en text not null,
  name_zh text not null,
  position int not null default 0,
  created_at timestamptz not null default now()
);

create table kb_articles (
  id bigint generated always as identity primary key,
  category_id bigint references kb_categories(id) on delete set null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  title_en text not null default '',
  title_zh text not null default '',
  body_md_en text not null default '',
  body_md_zh text not null default '',
  -- Markdown rendered and sanitized when saved: a public page never renders on read.
  body_html_en text not null default '',
  body_html_zh text not null default '',
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  author_id bigint references people(id) on delete set null,
  updated_by bigint references people(id) on delete set null,
  -- Set on articles a preset made: applying the preset again finds them and leaves an edited one alone.
  preset_key text unique,
  views bigint not null default 0,
  helpful bigint not null default 0,
  unhelpful bigint not null default 0,
  deflections bigint not null default 0,
  -- indexText(title + body) of both languages (server/domain/search/tokenize.ts).
  search tsvector not null default ''::tsvector,
  check (title_en <> '' or title_zh <> ''),
  check ((status = 'published') = (published_at is not null))
);
create index kb_articles_search_idx on kb_articles using gin (search);
create index kb_articles_published_idx on kb_articles (category_id, published_at desc, id desc) where status = 'published';
create index kb_articles_updated_idx on kb_articles (updated_at desc, id desc);
