-- The contact page (docs/contact-page.md): what each channel is for (per language), and an image
-- (e.g. a WeChat group's QR code) kept as a data URL: PNG, JPEG or WebP, at most 256 KiB encoded.
alter table channels add column purpose jsonb not null default '{}'::jsonb;
alter table channels add column image text
  check (image is null or (length(image) <= 262144 and image ~ '^data:image/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$'));
