"""Instance type, objective and the reader of the benchmark file format."""

from pathlib import Path

import numpy as np
import pytest

from opendome.battle.problem import (
    WTAFormatError,
    WTAInstance,
    check_assignment,
    check_instance,
    parse_instance,
    read_instance,
    surviving_value,
    write_instance,
)

GOOD = "2 3 2\n10\n20\n30\n0 0 0.5\n0 1 0.1\n0 2 0.9\n1 0 0.3\n1 1 1.0\n1 2 0.0\n"


def test_parse_good_file():
    inst = parse_instance(GOOD, name="tiny")
    assert inst.n_weapons == 2 and inst.n_targets == 3
    np.testing.assert_array_equal(inst.values, [10, 20, 30])
    np.testing.assert_array_equal(inst.inventory, [2, 2])
    assert inst.p[1, 1] == 1.0 and inst.p[0, 2] == 0.9


def test_objective_by_hand():
    inst = parse_instance(GOOD)
    x = np.array([[1, 0, 1], [1, 0, 0]])
    # target 0: 0.5 * 0.7, target 1 unshot, target 2: 0.1
    expected = 10 * 0.5 * 0.7 + 20 + 30 * 0.1
    assert surviving_value(inst.values, inst.p, x) == pytest.approx(expected, rel=1e-15)
    # a sure kill (p = 1) leaves nothing, even with the power form
    x2 = np.array([[0, 0, 0], [0, 1, 0]])
    assert surviving_value(inst.values, inst.p, x2) == pytest.approx(40.0)


def test_one_more_unit_never_raises_the_objective():
    rng = np.random.default_rng(3)
    v, p = rng.uniform(0, 100, 6), rng.uniform(0, 1, (4, 6))
    x = rng.integers(0, 3, (4, 6))
    base = surviving_value(v, p, x)
    for i in range(4):
        for j in range(6):
            x1 = x.copy()
            x1[i, j] += 1
            assert surviving_value(v, p, x1) <= base


def test_round_trip(tmp_path: Path):
    rng = np.random.default_rng(0)
    inst = WTAInstance.from_arrays(rng.integers(1, 99, 5), rng.uniform(0, 1, (3, 5)), 2)
    write_instance(tmp_path / "w.txt", inst)
    back = read_instance(tmp_path / "w.txt")
    np.testing.assert_array_equal(back.values, inst.values)
    np.testing.assert_array_equal(back.p, inst.p)
    np.testing.assert_array_equal(back.inventory, inst.inventory)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("2 3\n", 1, "3 integers"),
        ("2 x 1\n", 1, "3 integers"),
        (GOOD.replace("20\n", "twenty\n"), 3, "not a number"),
        (GOOD.replace("0 1 0.1\n", "0 1 1.5\n"), 6, "outside [0, 1]"),
        (GOOD.replace("0 1 0.1\n", "0 0 0.1\n"), 6, "given twice"),
        (GOOD.replace("1 2 0.0\n", "1 3 0.0\n"), 10, "outside"),
        (GOOD.replace("1 2 0.0\n", ""), 10, "expected 10 non-blank lines"),
        (GOOD.replace("0 2 0.9\n", "0 2\n"), 7, "'i j p_ij'"),
    ],
)
def test_format_errors_name_the_line(text, line, words):
    with pytest.raises(WTAFormatError) as err:
        parse_instance(text, source="f.txt")
    msg = str(err.value)
    assert msg.startswith(f"f.txt:{line}:"), msg
    assert words in msg
    assert "\n" not in msg


def test_missing_file_is_a_format_error(tmp_path: Path):
    with pytest.raises(WTAFormatError, match="cannot read"):
        read_instance(tmp_path / "absent.txt")


def test_check_instance_rejects_bad_arrays():
    with pytest.raises(ValueError, match="shape"):
        check_instance([1, 2], [[0.5, 0.5, 0.5]], [1])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        check_instance([1], [[1.5]], [1])
    with pytest.raises(ValueError, match="whole numbers"):
        check_instance([1], [[0.5]], [1.5])
    with pytest.raises(ValueError, match=">= 0"):
        check_instance([1], [[0.5]], [-1])


def test_check_assignment_names_the_weapon():
    with pytest.raises(ValueError, match="weapon 1 fires 3 units but holds 2"):
        check_assignment(np.array([[1, 0], [2, 1]]), [1, 2], (2, 2))
