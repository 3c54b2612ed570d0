#!/usr/bin/python3
"""Validates scry --json output (JSON Lines) against docs/trace.schema.json.

    json_check.py SCHEMA FILE...   exit 1 on the first invalid line

Uses Debian's python3-jsonschema (a real validator), so it runs with the
system's /usr/bin/python3."""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema)
    count = 0
    for path in sys.argv[2:]:
        with open(path, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    print('%s:%d: not JSON: %s' % (path, n, e))
                    return 1
                errors = sorted(validator.iter_errors(obj), key=lambda e: e.path)
                if errors:
                    print('%s:%d: %s' % (path, n, errors[0].message[:300]))
                    print('    ' + line[:300])
                    return 1
                if n == 1 and obj.get('type') != 'header':
                    print('%s:1: first line is not the header' % path)
                    return 1
                count += 1
    print('%d lines valid' % count)
    return 0


sys.exit(main())
