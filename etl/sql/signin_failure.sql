-- count one failed sign-in of a client; a client silent for a day starts again from zero
insert into signin_failures as f (client_hash, failures, last_failure_at, wait_until)
values ($client_hash, 1, $now, $now)
on conflict (client_hash) do update set
    failures = case when f.last_failure_at < $forget_before then 1 else f.failures + 1 end,
    last_failure_at = $now
returning failures
