-- one cost submission kept: its bytes (none when refused on arrival for its size), outcome and counts
insert into cost_submissions (
    id, received_at, source, filename, submitter, submitter_code, municipality_code, sha256, size_bytes,
    raw, raw_kept, outcome, duplicate_of, n_rows, n_errors, n_warnings
) values (
    $id, $received_at, $source, $filename, $submitter, $submitter_code, $municipality_code, $sha256,
    $size_bytes, $raw, $raw_kept, $outcome, $duplicate_of, $n_rows, $n_errors, $n_warnings
)
