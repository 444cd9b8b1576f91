-- Purge of expunged messages' bytes after a retention. Two registers on each message:
-- first_expunge_ts is the earliest timestamp of the expunge events applied to it (a
-- min-register, so any order gives the same value); purged marks a tombstone whose content,
-- flags and view are gone for good: later events for it are no-ops.

ALTER TABLE message ADD COLUMN first_expunge_ts BIGINT NULL;
ALTER TABLE message ADD COLUMN purged BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX ix_message_purge ON message (purged, first_expunge_ts);

/* [jooq ignore start] */
-- Messages expunged before this version count from their latest expunge (the register's stamp).
UPDATE message SET first_expunge_ts = place_ts WHERE place_expunged;
/* [jooq ignore stop] */
