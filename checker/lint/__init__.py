"""`svccheck lint`: check catalogue YAML for the defects of the published text and more.

engine.py reads the files and walks them once; each rule is a module of checks/ registered
in registry.py for the scope it visits; problems.py stamps findings with rules/lint.yaml's
names, severities and messages; formats.py writes them (text, json, github, sarif).
"""
from __future__ import annotations

from .engine import lint
from .problems import Collector, Problem, configure, exit_code
from .sarif import to_sarif

__all__ = ["Collector", "Problem", "configure", "exit_code", "lint", "to_sarif"]
