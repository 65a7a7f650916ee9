-- version 7: the ministry's 40 procedure steps (手順書) as the PMO workbook names them, numbered in
-- the workbook's column order: reference data (data/reference/pmo_steps.csv), loaded by init; a
-- release's step sheet is checked against them and the municipality page shows them by these names
create table if not exists pmo_steps (
    step_no smallint primary key,
    step_name_ja varchar not null
);
