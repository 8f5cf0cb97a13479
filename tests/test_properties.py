"""Whatever a coordinator feeds it, the bot answers with a clean error or a valid plan, never a crash."""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ManifestError
from bot.filetypes import ALL_CODES
from bot.manifest import load_manifest, parse_manifest
from bot.preflight import preflight

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["2018-19", "2023-2024", "2010-11", "1999-00", "SENR", "caaspp", "ods", "submission"]),
)
keys = st.one_of(
    st.sampled_from(["files", "type", "path", "school_year", "source", "district", "has_high_schools", "password"]),
    st.text(max_size=10),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=20,
)
entries = st.fixed_dictionaries(
    {"type": st.sampled_from([*ALL_CODES, "SENRR", "x"]), "path": st.sampled_from(["a.txt", "b.txt", "nope", "."])},
    optional={"school_year": scalars, "source": st.sampled_from(["ods", "submission", "other"])},
)
manifests = st.fixed_dictionaries(
    {"files": st.lists(entries, max_size=5)},
    optional={"school_year": scalars, "has_high_schools": st.booleans()},
)
contents = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=string.printable + "^-\u00e9", max_size=300).map(lambda t: t.encode("utf-8")),
    st.builds(
        lambda code, year, extra: f"{code}^A^x^y^z^{year}^{year}^{extra}\r\n".encode(),
        st.sampled_from(["SENR", "SINF-R", "SELA", "01", "RecordType", "S"]),
        st.sampled_from(["2018-2019", "2017-2018", "", "x"]),
        st.text(alphabet="^,ab", max_size=30),
    ),
)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(documents)
def test_any_yaml_document_gives_a_plan_or_a_manifest_error(tmp_path: Path, data: object) -> None:
    try:
        manifest = parse_manifest(data, tmp_path / "m.yaml")
    except ManifestError as exc:
        assert str(exc)
        return
    checked = preflight(manifest)
    # Every entry is accounted for: checked, or named in a problem (no file is here, so each is one).
    assert len(checked.files) + len(checked.problems) >= len(manifest.files)
    assert all(line.strip() for line in checked.problems)


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_as_a_manifest_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        checked = preflight(load_manifest(path))
    except ManifestError as exc:
        assert "m.yaml" in str(exc)
        return
    # A manifest that loads lists no file that exists here: nothing is checked without a problem.
    assert len(checked.files) + len(checked.problems) >= len(checked.manifest.files)


@SETTINGS
@given(manifests, contents, contents)
def test_any_file_contents_give_problems_or_a_plan(tmp_path: Path, data: dict[str, object], a: bytes, b: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(a)
    (tmp_path / "b.txt").write_bytes(b)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data))
    try:
        result = preflight(load_manifest(path))
    except ManifestError:
        return
    for line in result.problems:
        assert line.startswith("m.yaml: ") and "\n" not in line
    assert len(result.files) <= len(data["files"])  # type: ignore[arg-type]
