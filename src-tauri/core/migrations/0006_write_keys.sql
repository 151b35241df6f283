-- 0006: an idempotency key per logical write that is unique across desks and restores (a
-- random UUID, kept with the job and reused for every retry of the write), and who holds a
-- running job's lease (machine, boot, process id and start time), so a lease left by a
-- process that is provably gone is taken over at once instead of waiting for it to expire.
-- Rows from before this version get their key when next claimed.
ALTER TABLE outbox ADD COLUMN write_key TEXT;
ALTER TABLE outbox ADD COLUMN lease_holder TEXT;
