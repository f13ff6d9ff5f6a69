"""The CI gate that pins splitter metrics: floors and ceilings are enforced."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
import gate  # noqa: E402

GROUPS = {"overall": {"body_f1": 0.95, "comment_leakage": 0.01}, "rs": {"comment_recall": 0.9}}


def test_floors_that_hold_pass():
    assert gate.check(GROUPS, {"min": {"body_f1": 0.9, "rs.comment_recall": 0.9},
                               "max": {"comment_leakage": 0.02}}) == []


def test_a_metric_below_its_floor_fails():
    problems = gate.check(GROUPS, {"min": {"body_f1": 0.96}})
    assert problems == ["body_f1: 0.950 < floor 0.96"]


def test_a_leakage_above_its_ceiling_fails():
    assert gate.check(GROUPS, {"max": {"comment_leakage": 0.0}})[0].startswith("comment_leakage")


def test_a_missing_metric_fails(tmp_path):
    results = tmp_path / "r.json"
    results.write_text(json.dumps({"groups": GROUPS}))
    floors = tmp_path / "f.json"
    floors.write_text(json.dumps({"min": {"traf.body_with_pass": 0.5}}))
    assert gate.main([str(results), "--floors", str(floors)]) == 1


def test_pinned_floors_file_is_well_formed():
    floors = json.loads((Path(gate.__file__).with_name("floors.json")).read_text())
    assert set(floors) <= {"min", "max", "comment"}
    assert floors["min"] and all(0 <= v <= 1 for v in floors["min"].values())
