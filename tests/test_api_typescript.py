"""A TypeScript site built on types generated from /api/openapi.json compiles under `tsc --strict`.

openapi-typescript and typescript are npm development packages (package.json, `npm ci`); nothing is
downloaded while the test runs.
"""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CONSUMER = Path(__file__).parent / "ts_consumer"
BIN = Path(settings.BASE_DIR) / "node_modules" / ".bin"
TSC_OPTIONS = ["--strict", "--noEmit", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler"]


def run(*command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603


def succeeds(*command, cwd):
    done = run(*command, cwd=cwd)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"


def test_typescript_consumer_compiles_against_the_generated_types(client, demo, tmp_path):
    if not (BIN / "openapi-typescript").exists() or not (BIN / "tsc").exists():
        pytest.fail("npm development packages are missing: run `npm ci` (make test does)")
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    (tmp_path / "openapi.json").write_bytes(response.content)
    succeeds(BIN / "openapi-typescript", "openapi.json", "--output", "api.d.ts", cwd=tmp_path)
    sources = sorted(CONSUMER.glob("*.ts"))
    assert sources, "tests/ts_consumer holds the consumer"
    for source in sources:
        shutil.copy(source, tmp_path)
    succeeds(BIN / "tsc", *TSC_OPTIONS, "--lib", "es2022,dom", *(source.name for source in sources), cwd=tmp_path)

    # The types are precise enough to catch a mistake: a code outside its enum does not compile.
    (tmp_path / "mistake.ts").write_text(
        'import type { components } from "./api";\n'
        'export const region: components["schemas"]["Voivodeship"] = "bawaria";\n'
    )
    mistake = run(BIN / "tsc", *TSC_OPTIONS, "mistake.ts", cwd=tmp_path)
    assert mistake.returncode != 0 and "bawaria" in mistake.stdout
