import ast
import subprocess
import sys
from pathlib import Path

import dti.scoring

SCORING_DIR = Path(dti.scoring.__file__).parent


def test_scoring_modules_import_nothing_from_django():
    offenders = []
    for path in SCORING_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in {"django", "dti"} and not name.startswith("dti.scoring")
            ]
    assert offenders == []


def test_importing_the_engine_loads_no_django_module():
    code = (
        "import sys\n"
        "import dti.scoring, dti.scoring.spec, dti.scoring.describe\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=SCORING_DIR.parent.parent,
    )
    assert result.stdout.strip() == ""
