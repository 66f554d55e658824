"""Configuration read by the CLI and the web app alike (``luoshi.settings``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.settings import default_url, home, load_settings, password_hashing


def test_home_and_database_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:  # fmt: skip
    monkeypatch.setenv("LUOSHI_HOME", str(tmp_path))
    monkeypatch.delenv("LUOSHI_DATABASE_URL", raising=False)
    assert home() == tmp_path
    assert default_url() == f"sqlite:///{tmp_path / 'luoshi.sqlite3'}"
    monkeypatch.setenv("LUOSHI_DATABASE_URL", "postgresql://x/y")
    assert default_url() == "postgresql://x/y"


def test_secret_key_is_made_once_and_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LUOSHI_HOME", str(tmp_path))
    monkeypatch.delenv("LUOSHI_SECRET_KEY", raising=False)
    first = load_settings().secret_key
    assert load_settings().secret_key == first and len(first) > 40
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


def test_password_hashing_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUOSHI_PASSWORD_HASHING")
    assert password_hashing() == "default"
    monkeypatch.setenv("LUOSHI_PASSWORD_HASHING", "cheapest")
    assert password_hashing() == "cheapest"
    monkeypatch.setenv("LUOSHI_PASSWORD_HASHING", "fast")
    with pytest.raises(ValueError, match="LUOSHI_PASSWORD_HASHING"):
        password_hashing()


def test_tests_hash_cheaply_and_production_rehashes_on_login() -> None:
    from argon2 import PasswordHasher

    from luoshi import accounts

    cheap = accounts._hasher().hash("luoshi-test-pw")
    assert "m=8,t=1,p=1" in cheap  # the suite runs with the cheapest profile
    assert PasswordHasher().check_needs_rehash(cheap)  # a real deployment upgrades it
