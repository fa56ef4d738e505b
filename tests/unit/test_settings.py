"""Settings are checked once at start, each problem on a line of its own."""

from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.categories import load_categories
from bot.settings import SettingsError, load_settings


def test_defaults_are_usable_without_any_configuration() -> None:
    settings, categories = load_settings(_env_file=None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.timezone == "Asia/Tehran"
    assert [c.key for c in categories.items][:2] == ["not_provided", "delay"]
    assert categories.label("delay", "fa") == "تأخیر"


def test_missing_token_says_where_to_get_one() -> None:
    settings, _ = load_settings(_env_file=None)
    with pytest.raises(SettingsError, match="@BotFather"):
        settings.token()


def test_each_problem_gets_one_line() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            _env_file=None,
            bot_token="nonsense",
            database_url="mysql://x",
            timezone="Mars/Olympus",
            sweep_seconds=0,
        )
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert any(line.startswith("BOT_TOKEN:") and "@BotFather" in line for line in lines)
    assert any(line.startswith("DATABASE_URL:") for line in lines)
    assert any(line.startswith("TIMEZONE:") and "Mars/Olympus" in line for line in lines)
    assert any(line.startswith("SWEEP_SECONDS:") for line in lines)


def test_environment_and_dotenv_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("ORGANISATION_NAME=Acme\nSWEEP_SECONDS=4\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIMEZONE", "Europe/Berlin")
    settings, _ = load_settings()
    assert (settings.organisation_name, settings.sweep_seconds) == ("Acme", 4)
    assert settings.timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not toml = [", "not valid TOML"),
        ("", "no \\[\\[category\\]\\] entries"),
        ('[[category]]\nkey = "Bad Key"\nfa = "x"\nen = "y"\n', "needs a key"),
        ('[[category]]\nkey = "a"\nfa = "x"\n', "both fa and en"),
        ('[[category]]\nkey = "a"\nfa = "x"\nen = "y"\n' * 2, "appears twice"),
    ],
)
def test_bad_categories_files_are_explained(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "categories.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=problem):
        load_settings(_env_file=None, categories_file=path)


def test_a_custom_categories_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "categories.toml"
    path.write_text('[[category]]\nkey = "water"\nfa = "آب"\nen = "Water"\n', encoding="utf-8")
    assert load_categories(path).label("water", "en") == "Water"


def test_migrate_command_creates_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "fresh.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    assert main(["migrate"]) == 0
    assert database.exists()
    assert "up to date" in capsys.readouterr().out


def test_run_without_a_token_exits_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    assert "BOT_TOKEN: not set" in capsys.readouterr().err


def test_a_bad_policy_file_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[policy.targets.normal]\nfirst_response = "5x"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="first_response"):
        load_settings(_env_file=None, policy_file=path)


def test_staff_settings_are_checked() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            _env_file=None, staff_chat_id=12345, supervisor_ids="1, x", staff_language="de"
        )
    text = str(caught.value)
    assert "STAFF_CHAT_ID:" in text and "SUPERVISOR_IDS:" in text and "STAFF_LANGUAGE:" in text
    settings, _ = load_settings(_env_file=None, supervisor_ids="11, 22;33")
    assert settings.supervisors == frozenset({11, 22, 33})


@pytest.mark.parametrize("secret", ["has space", "tökén", "semi;colon", "x" * 257])
def test_a_webhook_secret_outside_telegrams_alphabet_is_explained(secret: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, webhook_secret=secret)
    [line] = str(caught.value).splitlines()
    assert line.startswith("WEBHOOK_SECRET:") and "A-Z, a-z, 0-9, _ or -" in line
    assert secret not in line


def test_a_good_or_empty_webhook_secret_is_accepted() -> None:
    settings, _ = load_settings(_env_file=None, webhook_secret="Ab9_-" * 51 + "z")
    assert settings.webhook_secret is not None
    assert len(settings.webhook_secret.get_secret_value()) == 256
    settings, _ = load_settings(_env_file=None, webhook_secret="")
    assert settings.webhook_secret is None


def test_run_webhook_without_a_url_exits_before_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "123456:TEST")
    monkeypatch.delenv("WEBHOOK_URL", raising=False)
    assert main(["run", "--webhook"]) == 2
    assert "WEBHOOK_URL: needed with --webhook" in capsys.readouterr().err
    assert not (tmp_path / "dadres.sqlite3").exists()
