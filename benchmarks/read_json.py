"""The floor of reading every record: a plain Python process that reads each JSON file of
a folder and parses it, and nothing more. `bench.py` measures `records` on its first run
after a restore against it, as `python benchmarks/read_json.py FOLDER`."""

import json
import sys
from pathlib import Path

parsed = [json.loads(path.read_bytes()) for path in Path(sys.argv[1]).glob("*.json")]
print(len(parsed))
