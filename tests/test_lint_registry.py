"""The lint rule registry: every rule of rules/lint.yaml implemented exactly once, nothing else
registered, and loading it kept out of `svccheck --help`."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

from checker import rules
from checker.lint import registry


def test_every_rule_has_exactly_one_implementation_and_every_implementation_a_rule():
    table = set(rules.load("lint"))
    registered = Counter(rule_id for implementation in registry.implementations() for rule_id in implementation.ids)
    assert {rule_id for rule_id, count in registered.items() if count > 1} == set(), "implemented twice"
    assert table - set(registered) == set(), "in rules/lint.yaml without an implementation"
    assert set(registered) - table == set(), "implemented without an entry in rules/lint.yaml"


def test_a_check_module_is_named_after_the_rules_it_implements():
    for implementation in registry.implementations():
        module = implementation.module.rsplit(".", 1)[1]
        prefix = "_".join(rule_id.lower() for rule_id in implementation.ids) + "_"
        assert module.startswith(prefix), (module, implementation.ids)


def test_help_does_not_load_the_lint_package():
    code = ("import sys\nfrom checker.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m.startswith('checker.lint')], sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
