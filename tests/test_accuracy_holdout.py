"""Accuracy floors on the project's own labelled sets (none of them is the shared eval set):

- holdout.csv: 69 lines in two styles (委托/购买/开展 openings; terse lines from short
  department names such as 县残联), written by an earlier session;
- labelled-three-styles.csv: 95 lines from other counties' departments in three styles
  (budget-table lines with towns, batches and contract notes; paraphrases; lines with
  codes copied by hand, right and wrong), used to calibrate issue #8's thresholds;
- heldback-2.csv: lines written after the thresholds were set and scored once (README);
- labelled-blind-calibrate.csv / heldback-blind.csv: 260 lines written blind (from the
  catalogue alone, never the rules) by a separate session, from every sector list and from
  counties all over Shanxi, split by row parity: the first half calibrates, the second is
  only scored;
- heldback-blind-2.csv: 270 more lines written blind by another session in three styles
  (county budget tables, paraphrases from other prefectures, terse lines with codes);
- heldback-blind-3.csv: 180 lines written blind by a third session in three styles, never
  tuned on (the thresholds were calibrated on all the sets above; this one was only scored).
- heldback-blind-4.csv: 120 lines written blind by a fourth session, no codes: sentences in
  the clerk's own words and terse budget shorthand. Sentence-like paraphrases are where the
  matcher is weakest (see the README). Sets 3 and 4 were only scored until the terms pass;
  since then they are development sets too.
- heldback-blind-5.csv: 200 lines written blind by a fifth session in four styles (village
  budget tables, descriptions in the clerk's words, shorthand, mixed with codes), scored once
  after the terms were calibrated and never tuned on.
- labelled-purpose-contract.csv: 120 lines written blind by a sixth session as performance
  targets (绩效目标) and procurement contract or notice names: a development set.
- labelled-blind-6.csv: 250 lines written blind by two more sessions in five styles (contract
  and notice names, performance targets, descriptions, village tables, shorthand with codes).
  Held back through 0.5.0 (scored when written and at the end); its misses were read for 0.6,
  so it is a development set now and held-back set 7 took its place.
- labelled-describe.csv: 200 lines written blind by two more sessions during 0.6, 140 plain-words
  descriptions and 60 performance targets: a development set (scored once before its misses
  were read: 0.905 / 0.869).
- heldback-blind-7.csv: 250 lines written blind by two more sessions in five styles (plain-words
  descriptions, 项目支出 funding names, village tables outside 晋城, performance targets, and
  mixed shorthand with codes), from counties all over Shanxi. Held back: scored when written
  (0.5.0: 0.884 / 0.835) and at the end of each release; its misses are not read (one of its
  lines was seen by accident in a diff, after the change that moved it).
- labelled-describe-3.csv, labelled-describe-4.csv, labelled-describe-6.csv, labelled-describe-7.csv:
  800 lines written blind by eight more sessions during 0.7, mostly plain-words descriptions (spoken, dialect-flavoured,
  phone notes, budget-hearing explanations) and some targets; labelled-five-styles.csv: 250 lines
  by two more in the held-back sets' five styles. Development sets: each was scored once when
  written (README), then its misses were read.
- heldback-blind-8.csv: 250 lines written blind by two more sessions at the start of 0.7 in the
  five styles of set 7, departments of counties all over Shanxi. Held back: scored when written
  (0.6.0: 0.932 / 0.905) and at the end of each release (0.7: 0.948 / 0.899); its misses are not read.
- labelled-describe-8.csv (descriptions and targets) and labelled-village-9.csv (village tables,
  mixed shorthand with codes, funding names): 450 lines written blind by four more sessions
  during 0.8. Development sets: each was scored once when written (README), then its misses were read.
- heldback-blind-9.csv: 250 lines written blind by two more sessions at the start of 0.8 in the
  five styles of set 7. Held back: scored when written (0.7.0: 0.940 / 0.929) and at the end of
  0.8; its misses are not read.
- labelled-describe-10.csv, labelled-describe-14.csv (descriptions and targets) and
  labelled-five-11.csv, -12, -13, -15 (the five styles): 1,400 lines written blind by twelve more
  sessions during 0.9. Development sets: each was scored once when written (README), then its
  misses were read.
- heldback-blind-10.csv: 250 lines written blind by two more sessions at the start of 0.9 in the
  five styles of set 7. Held back: scored when written (0.8.0: 0.932 / 0.950) and at the end of
  0.9; its misses are not read.
- labelled-describe-17.csv: 200 lines written blind by two more sessions during 0.10, descriptions
  by township clerks and by city bureaus' staff, and lines pasted from procurement intentions
  (采购意向, 采购需求概况). Development set: scored once when written (0.9.0: 0.950 / 0.944), then
  its misses were read.
- heldback-blind-11.csv: 250 lines written blind by two more sessions at the start of 0.10 in the
  five styles of set 7, one from the north and west of Shanxi, one from the south and east. Held
  back: scored when written (0.9.0: 0.968 / 0.955), at a first freeze halfway through 0.10 and at
  its end; its misses are not read.
- labelled-describe-18.csv: 200 lines written blind by two more sessions during 0.11, descriptions
  by township and county clerks and by city bureaus, and sentences from year-end reports and
  绩效自评 (what was bought and what came of it). Development set: scored once when written
  (0.10.0: 0.930 / 0.925), then its misses were read.
- heldback-blind-12.csv: 250 lines written blind by two more sessions at the start of 0.11 in the
  five styles of set 7 (north and west; south and east). Held back: scored when written (0.10.0:
  0.976 / 0.955) and at the end of 0.11; its misses are not read.

Each floor sits a little below today's figure, so that a change which costs real accuracy
fails here; the README reports the figures themselves."""
import csv
from pathlib import Path

import pytest

from checker import catalog, intake
from checker.match import Engine

FIXTURES = Path(__file__).parent / "fixtures"
FLOORS = {"holdout.csv": (0.96, 0.88), "labelled-three-styles.csv": (0.96, 0.95), "heldback-2.csv": (0.96, 0.95),
          "labelled-blind-calibrate.csv": (0.96, 0.96), "heldback-blind.csv": (0.94, 0.91),
          "heldback-blind-2.csv": (0.94, 0.93), "heldback-blind-3.csv": (0.95, 0.94),
          "heldback-blind-4.csv": (0.95, 0.92), "heldback-blind-5.csv": (0.96, 0.95),
          "labelled-purpose-contract.csv": (0.95, 0.93), "labelled-blind-6.csv": (0.96, 0.93),
          "heldback-blind-7.csv": (0.94, 0.91), "labelled-describe.csv": (0.95, 0.92),
          "heldback-blind-8.csv": (0.94, 0.89), "labelled-describe-3.csv": (0.95, 0.92),
          "labelled-describe-4.csv": (0.94, 0.93), "labelled-five-styles.csv": (0.93, 0.91),
          "labelled-describe-6.csv": (0.92, 0.89), "labelled-describe-7.csv": (0.96, 0.95),
          "labelled-describe-8.csv": (0.95, 0.95), "labelled-village-9.csv": (0.97, 0.95),
          "heldback-blind-9.csv": (0.94, 0.92), "labelled-describe-10.csv": (0.96, 0.94),
          "labelled-five-11.csv": (0.94, 0.93), "labelled-five-12.csv": (0.95, 0.93),
          "labelled-five-13.csv": (0.93, 0.91), "labelled-describe-14.csv": (0.92, 0.88),
          "labelled-five-15.csv": (0.96, 0.94), "labelled-five-16.csv": (0.93, 0.92),
          "heldback-blind-10.csv": (0.92, 0.94), "labelled-describe-17.csv": (0.94, 0.94),
          "heldback-blind-11.csv": (0.96, 0.95), "labelled-describe-18.csv": (0.94, 0.93),
          "heldback-blind-12.csv": (0.96, 0.95)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor(name):
    path = FIXTURES / name
    gold = list(csv.DictReader(path.open(encoding="utf-8")))
    results = Engine(catalog.load()).run(intake.read(str(path)))
    assert len(results) == len(gold)
    verdicts = sum(r.verdict == g["expected_verdict"] for r, g in zip(results, gold)) / len(gold)
    coded = [(r, g) for r, g in zip(results, gold) if g["expected_code"]]
    code_acc = sum(r.code == g["expected_code"] for r, g in coded) / len(coded)
    floor_verdict, floor_code = FLOORS[name]
    assert verdicts >= floor_verdict and code_acc >= floor_code, (verdicts, code_acc)
