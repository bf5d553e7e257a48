"""The lint checks, one module per rule (or per pair of ids that are one decision).

Each module registers its check with `registry.rule(ID, scope=...)`; the registry imports
every module here on first use, so a new rule is a new module, an entry in rules/lint.yaml
and a case file tests/lint_cases/<ID>.yaml.
"""
