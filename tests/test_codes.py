"""schemas.codes: the one check digit, and the reference loader that refuses codes without it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import reference
from etl.errors import UserError
from schemas.codes import check_digit, check_digits, has_valid_check_digit


@pytest.mark.parametrize(
    ("first5", "digit"),
    [("13101", 6), ("13102", 4), ("13201", 2), ("01100", 2), ("47382", 1)],  # 千代田区 中央区 八王子市 札幌市 与那国町
)
def test_check_digit_of_known_codes(first5, digit):
    assert check_digit(first5) == digit


def test_vectorised_and_single_agree_on_every_tokyo_code():
    codes = reference.municipalities()["code"]
    assert check_digits(codes.str[:5]).tolist() == [check_digit(c[:5]) for c in codes]
    assert has_valid_check_digit(codes).all()


@pytest.mark.parametrize("code", ["131017", "13101", "1310166", "13101a", "", "１３１０１６"])
def test_invalid_codes(code):
    assert not has_valid_check_digit(pd.Series([code])).iloc[0]


def test_reference_loader_refuses_a_code_without_its_check_digit(tmp_path: Path):
    frame = reference.municipalities().head(3).copy()
    frame.loc[1, "code"] = "131025"
    path = tmp_path / "munis.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(UserError) as caught:
        reference.municipalities(path)
    assert "131025" in caught.value.ja and "131025" in caught.value.en
    assert caught.value.ja != caught.value.en
