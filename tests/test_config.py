from pathlib import Path

import pytest

from bot.config import DEFAULT_BASE_URL, Config, load_config
from bot.errors import ConfigError


def test_no_config_means_the_real_site_and_every_default() -> None:
    config = load_config(None)
    assert config.site.login_url == DEFAULT_BASE_URL + "/User/Login"
    assert config.words.log_on_button[0] == "Log On"
    assert config.browser.headless


def test_a_config_with_only_base_url_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("site:\n  base_url: https://staging.example.org/\n")
    config = load_config(path)
    assert config.site.login_url == "https://staging.example.org/User/Login"
    assert config.words == Config().words


def test_a_word_list_can_be_overridden(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("words:\n  upload_data: [Submit Data, Upload Data]\n")
    assert load_config(path).words.upload_data == ["Submit Data", "Upload Data"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site:\n  base_url: ftp://x\n", 'c.yaml: site.base_url: "ftp://x" is not a web address'),
        ("words:\n  log_on_buton: [Go]\n", "c.yaml: words.log_on_buton: unknown key; did you mean log_on_button?"),
        ("timeouts:\n  page_s: -1\n", "c.yaml: timeouts.page_s: Input should be greater than 0"),
        ("words:\n  upload_data: []\n", "c.yaml: words.upload_data: the list is empty"),
        ("site:\n  password: x\n", "c.yaml: site.password: the config never holds credentials"),
        ("- a\n", "c.yaml: the config must be a mapping"),
    ],
)
def test_bad_configs_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    lines = caught.value.problems or [str(caught.value)]
    assert any(line.startswith(expected) for line in lines), lines


def test_the_word_password_label_is_not_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("words:\n  password_label: [Passcode]\n")
    assert load_config(path).words.password_label == ["Passcode"]


def test_config_example_is_valid_and_matches_the_defaults() -> None:
    example = Path(__file__).resolve().parents[1] / "config.example.yaml"
    assert load_config(example) == Config()


def test_config_example_lists_every_key() -> None:
    import yaml
    from pydantic import BaseModel

    example = yaml.safe_load((Path(__file__).resolve().parents[1] / "config.example.yaml").read_text())

    def keys(model: type[BaseModel], prefix: str = "") -> set[str]:
        found = set()
        for name, field in model.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found |= keys(annotation, f"{prefix}{name}.")
            else:
                found.add(prefix + name)
        return found

    def present(data: dict[str, object], prefix: str = "") -> set[str]:
        found = set()
        for name, value in data.items():
            if isinstance(value, dict) and name not in ("file_type_options", "fields", "choose"):
                found |= present(value, f"{prefix}{name}.")
            else:
                found.add(prefix + name)
        return found

    assert keys(Config) == present(example)
