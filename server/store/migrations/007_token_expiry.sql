-- API tokens may expire: NULL means never (tokens made before this migration keep working).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
