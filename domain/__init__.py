"""Doorstep's domain: records, rules, validation and errors. Standard library, stdnum and pypinyin only."""
