-- version 5: a file over the size limit is recorded without its bytes: raw is empty, size_bytes is
-- the size received and sha256 that of its first bytes (store.HEAD_BYTES); raw_kept says which
alter table submissions add column if not exists raw_kept boolean default true;
